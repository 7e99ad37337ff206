interface ReadyBody {
  status?: string;
  checks?: { name: string; ok: boolean; error?: string }[];
}

export interface WatchedApp {
  name: string;
  opsPort: number;
}

type State = { kind: 'unknown' } | { kind: 'ready' } | { kind: 'not-ready'; detail: string };

/** What a /health/ready answer says, in one line: which checks fail and why. */
export function readinessDetail(body: ReadyBody): string {
  const failing = (body.checks ?? []).filter((check) => !check.ok);
  if (failing.length === 0) return body.status ?? 'not ready';
  return failing.map((check) => `${check.name}${check.error ? `: ${check.error}` : ''}`).join('; ');
}

/**
 * Polls each app's /health/ready and says when it changes: ready (the first time, with how long it
 * took), not ready (naming the failing checks), ready again. An app that does not answer at all is
 * the supervisor's business (it reports exits), so silence is not reported here.
 */
export class ReadinessWatch {
  private readonly states = new Map<string, State>();
  private readonly everReady = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt = Date.now();

  constructor(
    private readonly apps: readonly WatchedApp[],
    private readonly notice: (app: string, text: string) => void,
    private readonly intervalMs = 3_000,
  ) {}

  start(): void {
    const tick = () => {
      void Promise.all(this.apps.map((app) => this.probe(app))).finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async probe(app: WatchedApp): Promise<void> {
    let status: number;
    let body: ReadyBody;
    try {
      const response = await fetch(`http://127.0.0.1:${app.opsPort}/health/ready`, {
        signal: AbortSignal.timeout(2_500),
      });
      status = response.status;
      body = (await response.json().catch(() => ({}))) as ReadyBody;
    } catch {
      return;
    }
    if (!this.timer) return;
    const previous = this.states.get(app.name) ?? { kind: 'unknown' };
    if (status === 200) {
      if (previous.kind === 'ready') return;
      this.states.set(app.name, { kind: 'ready' });
      this.notice(
        app.name,
        this.everReady.has(app.name)
          ? 'ready again'
          : `ready (${((Date.now() - this.startedAt) / 1000).toFixed(0)} s after start): http://127.0.0.1:${app.opsPort}/health/ready`,
      );
      this.everReady.add(app.name);
      return;
    }
    if (body.status === 'shutting-down') return;
    const detail = readinessDetail(body);
    if (previous.kind === 'not-ready' && previous.detail === detail) return;
    this.states.set(app.name, { kind: 'not-ready', detail });
    this.notice(app.name, `not ready: ${detail}`);
  }
}
