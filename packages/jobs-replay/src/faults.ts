import { z } from 'zod';
import type { RenderedPosting } from './renderers/types';
import { SOURCES, type SourceName } from './sources';

/** A scripted answer in place of the normal one. */
export const Fault = z.discriminatedUnion('kind', [
  /** Any error status, optionally with Retry-After (seconds) and a body. */
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    retryAfterS: z.number().int().nonnegative().optional(),
    body: z.string().optional(),
  }),
  /** Accept the request and never answer: the client's timeout must fire. */
  z.object({ kind: z.literal('hang') }),
  /** The normal answer, after a delay. */
  z.object({ kind: z.literal('slow'), delayMs: z.number().int().nonnegative().max(600_000) }),
  /** A 200 whose JSON body is cut short. */
  z.object({ kind: z.literal('malformed') }),
  /** A Cloudflare "Just a moment..." HTML page where JSON was expected. */
  z.object({
    kind: z.literal('challenge'),
    status: z.union([z.literal(200), z.literal(403), z.literal(503)]).default(403),
  }),
  /** The normal answer with a required field renamed or removed in `postings` of its postings. */
  z.object({
    kind: z.literal('drift'),
    postings: z.number().int().positive(),
    field: z.string().min(1).optional(),
    mode: z.enum(['rename', 'remove']).optional(),
    renameTo: z.string().min(1).optional(),
  }),
]);
export type Fault = z.infer<typeof Fault>;
export type DriftFault = Extract<Fault, { kind: 'drift' }>;

/** `POST /_control/faults`: queue a fault for the next `times` responses of a source. */
export const FaultRequest = z.object({
  source: z.enum(SOURCES),
  fault: Fault,
  times: z.number().int().positive().default(1),
  /** Only responses whose path+query contains this string consume the fault. */
  pathContains: z.string().min(1).optional(),
});
export type FaultRequest = z.infer<typeof FaultRequest>;

interface QueuedFault {
  fault: Fault;
  remaining: number;
  pathContains?: string;
}

/** Faults waiting for their responses, per source, first in first out. */
export class FaultQueue {
  private readonly queues = new Map<SourceName, QueuedFault[]>();

  add(request: FaultRequest): number {
    const queue = this.queues.get(request.source) ?? [];
    queue.push({
      fault: request.fault,
      remaining: request.times,
      pathContains: request.pathContains,
    });
    this.queues.set(request.source, queue);
    return this.pending(request.source);
  }

  /** The fault the next response of `source` to `pathAndQuery` must show, if any. */
  take(source: SourceName, pathAndQuery: string): Fault | undefined {
    const queue = this.queues.get(source);
    if (!queue) return undefined;
    const index = queue.findIndex(
      (entry) => !entry.pathContains || pathAndQuery.includes(entry.pathContains),
    );
    const entry = index >= 0 ? queue[index] : undefined;
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) queue.splice(index, 1);
    return entry.fault;
  }

  pending(source?: SourceName): number {
    const queues = source ? [this.queues.get(source) ?? []] : [...this.queues.values()];
    return queues.flat().reduce((sum, entry) => sum + entry.remaining, 0);
  }

  list(): { source: SourceName; fault: Fault; remaining: number; pathContains?: string }[] {
    return [...this.queues.entries()].flatMap(([source, queue]) =>
      queue.map((entry) => ({ source, ...entry })),
    );
  }

  clear(source?: SourceName): void {
    if (source) this.queues.delete(source);
    else this.queues.clear();
  }
}

/** The required field each source's drift touches unless the fault names another. */
export const DEFAULT_DRIFT: Readonly<
  Record<SourceName, { field: string; mode: 'rename' | 'remove'; renameTo: string }>
> = {
  greenhouse: { field: 'title', mode: 'rename', renameTo: 'job_title' },
  lever: { field: 'text', mode: 'remove', renameTo: 'title' },
  ashby: { field: 'title', mode: 'rename', renameTo: 'jobTitle' },
  smartrecruiters: { field: 'name', mode: 'rename', renameTo: 'title' },
  remotive: { field: 'url', mode: 'remove', renameTo: 'link' },
  remoteok: { field: 'position', mode: 'rename', renameTo: 'title' },
  arbeitnow: { field: 'slug', mode: 'remove', renameTo: 'id' },
  jobicy: { field: 'jobTitle', mode: 'rename', renameTo: 'title' },
  himalayas: { field: 'guid', mode: 'remove', renameTo: 'id' },
  hn: { field: 'comment_text', mode: 'rename', renameTo: 'text' },
};

/** One posting a drift fault changed. */
export interface DriftRecord {
  source: SourceName;
  tenant: string;
  id: string;
  field: string;
  mode: 'rename' | 'remove';
  renameTo: string | null;
  /** Virtual instant of the response. */
  at: number;
}

function mutate(
  object: Record<string, unknown>,
  path: string,
  mode: 'rename' | 'remove',
  renameTo: string,
): boolean {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target: unknown = object;
  for (const key of keys) {
    target =
      typeof target === 'object' && target !== null
        ? (target as Record<string, unknown>)[key]
        : undefined;
  }
  if (typeof target !== 'object' || target === null || !(last in target)) return false;
  const holder = target as Record<string, unknown>;
  if (mode === 'rename') holder[renameTo] = holder[last];
  delete holder[last];
  return true;
}

/** Changes `fault.postings` postings, spread over the response; returns what was changed. */
export function applyDrift(
  source: SourceName,
  postings: readonly RenderedPosting[],
  fault: DriftFault,
  at: number,
): DriftRecord[] {
  const defaults = DEFAULT_DRIFT[source];
  const field = fault.field ?? defaults.field;
  const mode = fault.mode ?? (fault.field ? 'remove' : defaults.mode);
  const renameTo = fault.renameTo ?? defaults.renameTo;
  const count = Math.min(fault.postings, postings.length);
  const records: DriftRecord[] = [];
  for (let i = 0; i < count; i++) {
    const posting = postings[Math.floor((i * postings.length) / count)];
    if (!posting || !mutate(posting.object, field, mode, renameTo)) continue;
    records.push({
      source,
      tenant: posting.tenant,
      id: posting.id,
      field,
      mode,
      renameTo: mode === 'rename' ? renameTo : null,
      at,
    });
  }
  return records;
}

/** What Cloudflare answers while it decides whether the client is a browser. */
export function challengePage(rayId: string): string {
  return `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta http-equiv="X-UA-Compatible" content="IE=Edge"><meta name="robots" content="noindex,nofollow"><meta name="viewport" content="width=device-width,initial-scale=1"><style>*{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15}body{display:flex;flex-direction:column;height:100vh;min-height:100vh}</style></head><body><div class="main-wrapper" role="main"><div class="main-content"><noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript></div></div><script>(function(){window._cf_chl_opt={cvId: '3',cZone: "replay.example",cType: 'managed',cRay: '${rayId}'};}());</script></body></html>`;
}
