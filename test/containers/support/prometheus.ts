/** The few Prometheus HTTP API calls the tests make (compose's Prometheus on its published port). */
export class PrometheusApi {
  constructor(private readonly url: string) {}

  async targets(job: string) {
    const body = (await this.get('/api/v1/targets?state=active')) as {
      activeTargets: {
        labels: Record<string, string>;
        scrapePool: string;
        health: string;
        lastError: string;
      }[];
    };
    return body.activeTargets.filter((target) => target.scrapePool === job);
  }

  async query(promql: string) {
    return (await this.get(`/api/v1/query?query=${encodeURIComponent(promql)}`)) as {
      result: { metric: Record<string, string>; value: [number, string] }[];
    };
  }

  async rules() {
    const body = (await this.get('/api/v1/rules')) as {
      groups: { name: string; rules: { name: string; health: string }[] }[];
    };
    return body.groups.flatMap((group) => group.rules);
  }

  private async get(path: string): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { status: string; data: unknown; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error}`);
    return body.data;
  }
}
