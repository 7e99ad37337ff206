import {
  ArbeitnowPage,
  AshbyJob,
  GreenhouseBoard,
  GreenhouseJob,
  HimalayasResponse,
  JobicyResponse,
  LeverPosting,
  RemoteOkJob,
  RemoteOkNotice,
  RemotiveResponse,
  SmartRecruitersDetail,
  SmartRecruitersPage,
} from '../../test/shapes';
import { control, DAY_MS, getJson, START, startReplay } from '../../test/replay';
import type { JobsReplayServer } from '../replay-server';
import type { Truth } from '../truth';

describe('the ten sources', () => {
  let server: JobsReplayServer;
  beforeAll(async () => {
    server = await startReplay({
      world: { seed: 7, missingBoards: ['greenhouse/gone-co', 'ghost'] },
    });
  });
  afterAll(() => server.close());

  it('Greenhouse: the whole board, HTML-escaped content only with content=true, 404 for an unknown board', async () => {
    const full = await getJson(server, '/greenhouse/v1/boards/stripe/jobs?content=true');
    const board = GreenhouseBoard.parse(full.body);
    expect(board.jobs.length).toBeGreaterThanOrEqual(3);
    expect(board.meta.total).toBe(board.jobs.length);
    for (const job of board.jobs) {
      expect(job.content).toMatch(/^&lt;div class=&quot;content-intro&quot;&gt;&lt;p&gt;/);
      expect(job.content).not.toContain('<p>');
      expect(job.company_name).toBe('Stripe');
      expect(job.absolute_url).toBe(`https://job-boards.greenhouse.io/stripe/jobs/${job.id}`);
    }
    const bare = await getJson<{ jobs: Record<string, unknown>[] }>(
      server,
      '/greenhouse/v1/boards/stripe/jobs',
    );
    expect(bare.body.jobs).toHaveLength(board.jobs.length);
    for (const job of bare.body.jobs) {
      expect(GreenhouseJob.safeParse(job).success).toBe(true);
      expect(job).not.toHaveProperty('content');
      expect(job).not.toHaveProperty('departments');
    }
    const one = await getJson(
      server,
      `/greenhouse/v1/boards/stripe/jobs/${board.jobs[0]?.id ?? 0}`,
    );
    expect(one.body).toEqual((full.body as { jobs: unknown[] }).jobs[0]);
    expect((await getJson(server, '/greenhouse/v1/boards/stripe/jobs/1')).status).toBe(404);
    const missing = await getJson(server, '/greenhouse/v1/boards/gone-co/jobs?content=true');
    expect(missing).toMatchObject({ status: 404, body: { status: 404, error: 'Job not found' } });
    expect((await getJson(server, '/greenhouse/v1/boards/ghost/jobs')).status).toBe(404);
  });

  it('Lever: an array paged with skip and limit, salary ranges and tracking parameters on some postings', async () => {
    const raw = (await getJson<unknown[]>(server, '/lever/v0/postings/palantir?mode=json')).body;
    const all = LeverPosting.array().parse(raw);
    expect(all.length).toBeGreaterThan(4);
    const paged = [];
    for (let skip = 0; skip < all.length + 3; skip += 3) {
      const page = await getJson<unknown[]>(
        server,
        `/lever/v0/postings/palantir?mode=json&skip=${skip}&limit=3`,
      );
      paged.push(...LeverPosting.array().parse(page.body));
    }
    expect(paged.map((posting) => posting.id)).toEqual(all.map((posting) => posting.id));
    const one = await getJson(server, `/lever/v0/postings/palantir/${all[2]?.id ?? ''}`);
    expect(one.body).toEqual(raw[2]);
    const many = (
      await Promise.all(
        ['spotify', 'plaid', 'zoox', 'whoop', 'veeva', 'gopuff'].map(async (site) =>
          LeverPosting.array().parse(
            (await getJson(server, `/lever/v0/postings/${site}?mode=json`)).body,
          ),
        ),
      )
    ).flat();
    expect(many.some((posting) => posting.salaryRange !== undefined)).toBe(true);
    expect(many.some((posting) => posting.salaryRange === undefined)).toBe(true);
    expect(many.some((posting) => posting.hostedUrl.includes('lever-source'))).toBe(true);
    expect(many.every((posting) => posting.applyUrl.endsWith('/apply'))).toBe(true);
    expect(await getJson(server, '/lever/v0/postings/ghost?mode=json')).toMatchObject({
      status: 404,
      body: { ok: false, error: 'Document not found' },
    });
  });

  it('Ashby: jobs with compensation tiers only when includeCompensation=true', async () => {
    const withPay = await getJson<{ apiVersion: string; jobs: unknown[] }>(
      server,
      '/ashby/posting-api/job-board/openai?includeCompensation=true',
    );
    expect(withPay.body.apiVersion).toBe('1');
    const jobs = AshbyJob.array().parse(withPay.body.jobs);
    expect(jobs.every((job) => job.compensation !== undefined)).toBe(true);
    const salaried = jobs.filter((job) => (job.compensation?.compensationTiers.length ?? 0) > 0);
    expect(salaried.length).toBeGreaterThan(0);
    const salary = salaried[0]?.compensation?.compensationTiers[0]?.components.find(
      (component) => component.compensationType === 'Salary',
    );
    expect(salary).toMatchObject({ interval: expect.stringMatching(/^1 (YEAR|MONTH|DAY|HOUR)$/) });
    const without = await getJson<{ jobs: Record<string, unknown>[] }>(
      server,
      '/ashby/posting-api/job-board/openai',
    );
    expect(without.body.jobs.every((job) => !('compensation' in job))).toBe(true);
    expect((await fetch(`${server.url}/ashby/posting-api/job-board/ghost`)).status).toBe(404);
  });

  it('SmartRecruiters: offset/limit pages without descriptions, details by ref, 400 above 100, 200 empty for an unknown company', async () => {
    const first = SmartRecruitersPage.parse(
      (await getJson(server, '/smartrecruiters/v1/companies/BoschGroup/postings?offset=0&limit=4'))
        .body,
    );
    expect(first.limit).toBe(4);
    const ids = new Set<string>();
    for (let offset = 0; offset < first.totalFound; offset += 4) {
      const page = SmartRecruitersPage.parse(
        (
          await getJson(
            server,
            `/smartrecruiters/v1/companies/BoschGroup/postings?offset=${offset}&limit=4`,
          )
        ).body,
      );
      for (const posting of page.content) {
        expect(posting).not.toHaveProperty('jobAd');
        ids.add(posting.id);
      }
    }
    expect(ids.size).toBe(first.totalFound);
    const summary = first.content[0];
    if (!summary) throw new Error('empty board');
    expect(
      summary.ref.startsWith(`${server.url}/smartrecruiters/v1/companies/BoschGroup/postings/`),
    ).toBe(true);
    const detail = SmartRecruitersDetail.parse(
      (await getJson(server, new URL(summary.ref).pathname)).body,
    );
    expect(detail.id).toBe(summary.id);
    expect(detail.jobAd.sections.jobDescription.text).toContain('<p>');
    expect(detail.postingUrl).toMatch(
      new RegExp(`^https://jobs\\.smartrecruiters\\.com/BoschGroup/${summary.id}-`),
    );
    expect(
      (await getJson(server, '/smartrecruiters/v1/companies/BoschGroup/postings?limit=101')).status,
    ).toBe(400);
    expect(
      (await getJson(server, '/smartrecruiters/v1/companies/BoschGroup/postings/744000000000001'))
        .status,
    ).toBe(404);
    expect((await getJson(server, '/smartrecruiters/v1/companies/ghost/postings')).body).toEqual({
      offset: 0,
      limit: 10,
      totalFound: 0,
      content: [],
    });
  });

  it('Remotive: legal notice, zone-less dates, free-text salaries, and jobs shown only a day after posting', async () => {
    const { body } = await getJson(server, '/remotive/api/remote-jobs');
    const parsed = RemotiveResponse.parse(body);
    expect(parsed['job-count']).toBe(parsed.jobs.length);
    expect(parsed.jobs.some((job) => job.salary === '')).toBe(true);
    expect(parsed.jobs.some((job) => /\d/.test(job.salary))).toBe(true);
    for (const job of parsed.jobs) {
      expect(Date.parse(`${job.publication_date}Z`)).toBeLessThanOrEqual(START - DAY_MS);
    }
    const limited = RemotiveResponse.parse(
      (await getJson(server, '/remotive/api/remote-jobs?limit=3')).body,
    );
    expect(limited.jobs.map((job) => job.id)).toEqual(parsed.jobs.slice(0, 3).map((job) => job.id));
  });

  it('RemoteOK: element 0 is the legal notice, not a job', async () => {
    const { body } = await getJson<unknown[]>(server, '/remoteok/api');
    const [notice, ...jobs] = body;
    expect(RemoteOkNotice.parse(notice).legal).toMatch(/link back/);
    expect(notice).not.toHaveProperty('id');
    const parsed = RemoteOkJob.array().parse(jobs);
    expect(parsed.length).toBeGreaterThan(50);
    expect(parsed.some((job) => job.salary_min > 0)).toBe(true);
    expect(parsed.some((job) => job.salary_min === 0)).toBe(true);
  });

  it('Arbeitnow: pages of 100 linked by links.next, null on the last page', async () => {
    let next: string | null = `/arbeitnow/api/job-board-api?page=1`;
    const slugs: string[] = [];
    let pages = 0;
    while (next) {
      const page = ArbeitnowPage.parse((await getJson(server, next.replace(server.url, ''))).body);
      slugs.push(...page.data.map((job) => job.slug));
      pages += 1;
      expect(page.meta.current_page).toBe(pages);
      next = page.links.next;
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(slugs).size).toBe(slugs.length);
    const truth = await control<Truth>(server, 'truth?source=arbeitnow');
    expect(slugs.sort()).toEqual(truth.boards[0]?.postings.map((posting) => posting.id).sort());
  });

  it('Jobicy: count caps the list, geo filters it, pay comes as all four salary fields or none', async () => {
    const all = JobicyResponse.parse(
      (await getJson(server, '/jobicy/api/v2/remote-jobs?count=100')).body,
    );
    expect(all.jobs).toHaveLength(100);
    expect(all.jobCount).toBe(100);
    const three = JobicyResponse.parse(
      (await getJson(server, '/jobicy/api/v2/remote-jobs?count=3')).body,
    );
    expect(three.jobs.map((job) => job.id)).toEqual(all.jobs.slice(0, 3).map((job) => job.id));
    const usa = JobicyResponse.parse(
      (await getJson(server, '/jobicy/api/v2/remote-jobs?count=50&geo=usa')).body,
    );
    expect(usa.jobs.length).toBeGreaterThan(0);
    expect(usa.jobs.every((job) => job.jobGeo.startsWith('USA'))).toBe(true);
    for (const job of all.jobs) {
      const present = [job.salaryMin, job.salaryMax, job.salaryCurrency, job.salaryPeriod].filter(
        (v) => v !== undefined,
      );
      expect([0, 4]).toContain(present.length);
    }
  });

  it('Himalayas: offset paging, at most 20 per page, epoch-millisecond dates', async () => {
    const first = HimalayasResponse.parse(
      (await getJson(server, '/himalayas/jobs/api?limit=50&offset=0')).body,
    );
    expect(first.limit).toBe(20);
    expect(first.jobs).toHaveLength(20);
    const guids = new Set<string>();
    for (let offset = 0; offset < first.totalCount; offset += 20) {
      const page = HimalayasResponse.parse(
        (await getJson(server, `/himalayas/jobs/api?limit=20&offset=${offset}`)).body,
      );
      for (const job of page.jobs) {
        guids.add(job.guid);
        expect(job.pubDate).toBeGreaterThan(1_600_000_000_000);
        expect(job.expiryDate).toBeGreaterThan(job.pubDate);
      }
    }
    expect(guids.size).toBe(first.totalCount);
  });
});
