import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/repo';
import { run } from './support/run';

const PROMETHEUS = join(REPO_ROOT, 'deploy/monitoring/prometheus');
const RULES = join(PROMETHEUS, 'rules/tributary.rules.yml');
const DASHBOARD = join(REPO_ROOT, 'deploy/monitoring/grafana/dashboards/tributary.json');

describe('monitoring shipped with the deploy files', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'monitoring-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('the alert rules parse, and every alert passes its promtool unit tests', async () => {
    const check = await run('promtool', ['check', 'rules', RULES]);
    expect(check.code).toBe(0);
    const tests = await run('promtool', ['test', 'rules', 'tributary.rules.test.yml'], {
      cwd: join(PROMETHEUS, 'tests'),
    });
    expect(`${tests.stdout}${tests.stderr}`).toMatch(/SUCCESS/);
    expect(tests.code).toBe(0);
  });

  it('every alert of the rule file has a unit test', () => {
    const alerts = [...readFileSync(RULES, 'utf8').matchAll(/- alert: (\S+)/g)].map((m) => m[1]);
    const tested = readFileSync(join(PROMETHEUS, 'tests/tributary.rules.test.yml'), 'utf8');
    expect(alerts.length).toBeGreaterThanOrEqual(6);
    for (const alert of alerts) expect(tested).toContain(`alertname: ${alert}`);
  });

  it('a rule test that expects the wrong alert fails', async () => {
    const rules = join(scratch, 'rules.yml');
    writeFileSync(rules, readFileSync(RULES, 'utf8').replace('> 600', '> 6000'));
    const tests = readFileSync(join(PROMETHEUS, 'tests/tributary.rules.test.yml'), 'utf8').replace(
      '../rules/tributary.rules.yml',
      rules,
    );
    writeFileSync(join(scratch, 'tests.yml'), tests);
    const result = await run('promtool', ['test', 'rules', join(scratch, 'tests.yml')]);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/TributaryBronzeStale/);
  });

  it('compose Prometheus configuration is valid', async () => {
    const result = await run('promtool', [
      'check',
      'config',
      '--syntax-only',
      join(PROMETHEUS, 'prometheus.compose.yml'),
    ]);
    expect(`${result.stdout}${result.stderr}`).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });

  describe('the Grafana dashboard', () => {
    it("passes Grafana's dashboard schema (strict) and the project's lint, and its PromQL parses", async () => {
      const exprs = join(scratch, 'dashboard-queries.yml');
      const lint = await run('tributary-dashboard-lint', ['-exprs', exprs, DASHBOARD]);
      expect(lint.stderr).toBe('');
      expect(lint.code).toBe(0);
      expect(lint.stdout).toMatch(/1 dashboard\(s\) valid, \d+ queries/);
      const parsed = await run('promtool', ['check', 'rules', exprs]);
      expect(parsed.stdout).toMatch(/SUCCESS: \d+ rules found/);
      expect(parsed.code).toBe(0);
    });

    it('covers lag, landing rate, freshness, dead letters, poll outcomes, job runs, crawls and memory', () => {
      const text = readFileSync(DASHBOARD, 'utf8');
      for (const metric of [
        'tributary_sink_consumer_lag_records',
        'tributary_sink_records_out_total',
        'tributary_sink_oldest_unflushed_record_age_seconds',
        'tributary_sink_records_dead_lettered_total',
        'tributary_github_polls_total',
        'tributary_jobs_runs_total',
        'tributary_jobs_last_success_timestamp_seconds',
        'tributary_scraper_pages_total',
        'tributary_scraper_frontier_requests',
        'process_resident_memory_bytes',
      ]) {
        expect(text).toContain(metric);
      }
    });

    it('a dashboard with an unknown panel field, a wrong type or a duplicate id fails the lint', async () => {
      const board = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
        schemaVersion: unknown;
        panels: Record<string, unknown>[];
      };
      const cases: [string, (copy: typeof board) => void, RegExp][] = [
        [
          'unknown field',
          (copy) => (copy.panels[0]!.gridPosition = {}),
          /unexpected field 'gridPosition'/,
        ],
        ['wrong type', (copy) => (copy.schemaVersion = '39'), /schemaVersion/],
        ['duplicate id', (copy) => (copy.panels[1]!.id = copy.panels[0]!.id), /already used/],
      ];
      for (const [name, breakIt, expected] of cases) {
        const copy = structuredClone(board);
        breakIt(copy);
        const file = join(scratch, `${name.replaceAll(' ', '-')}.json`);
        writeFileSync(file, JSON.stringify(copy));
        const result = await run('tributary-dashboard-lint', [file]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(expected);
      }
    });

    it('a query that is not PromQL fails promtool', async () => {
      const board = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
        panels: { targets: { expr: string }[] }[];
      };
      board.panels[0]!.targets[0]!.expr = 'sum by (service (up)';
      const file = join(scratch, 'bad-query.json');
      const exprs = join(scratch, 'bad-query.yml');
      writeFileSync(file, JSON.stringify(board));
      expect((await run('tributary-dashboard-lint', ['-exprs', exprs, file])).code).toBe(0);
      expect((await run('promtool', ['check', 'rules', exprs])).code).not.toBe(0);
    });
  });
});
