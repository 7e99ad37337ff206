import { JobPosting, JOB_SOURCES, type JobPostingV2 } from './job-posting';
import { sampleJobPosting } from './samples';
import { JOBS_POSTINGS, topicSpec } from './topics';

function change(overrides: Partial<JobPostingV2> = {}): JobPostingV2 {
  return {
    schema_version: 2,
    posting_id: 'greenhouse:stripe:4012345678',
    source: 'greenhouse',
    tenant: 'stripe',
    source_id: '4012345678',
    change: 'created',
    revision: 1,
    observed_at: '2026-03-10T12:00:05.000Z',
    title: 'Senior Data Engineer',
    company: 'Stripe',
    locations: ['Dublin, Ireland'],
    countries: ['IE'],
    workplace: 'hybrid',
    employment_type: 'full-time',
    seniority: 'senior',
    salary: {
      min: 90_000,
      max: 120_000,
      currency: 'EUR',
      period: 'year',
      annual_min: 90_000,
      annual_max: 120_000,
      origin: 'structured',
      text: null,
    },
    tags: ['Data'],
    url: 'https://job-boards.greenhouse.io/stripe/jobs/4012345678',
    apply_url: null,
    published_at: '2026-03-01T09:00:00.000Z',
    updated_at: '2026-03-09T10:00:00.000Z',
    first_seen_at: '2026-03-10T12:00:05.000Z',
    last_seen_at: '2026-03-10T12:00:05.000Z',
    closed_at: null,
    description_text: 'Build pipelines with Kafka.',
    description_html: '<p>Build pipelines with Kafka.</p>',
    description_truncated: false,
    tech_keywords: ['kafka'],
    keyword_list_version: '2026.12.1',
    attribution: null,
    duplicate_of: null,
    dedupe_key: 'stripe|senior data engineer|dublin ireland',
    content_hash: 'a1b2c3',
    parse_notes: [],
    ...overrides,
  };
}

const valueOf = (record: unknown, column: string): unknown =>
  JOBS_POSTINGS.columns.find((c) => c.name === column)?.value(JobPosting.parse(record));

describe('JobPosting, version 1 and 2 side by side', () => {
  it('covers the ten collected sources', () => {
    expect(JOB_SOURCES).toEqual([
      'greenhouse',
      'lever',
      'ashby',
      'smartrecruiters',
      'remotive',
      'remoteok',
      'arbeitnow',
      'jobicy',
      'himalayas',
      'hn-whoishiring',
    ]);
  });

  it('still validates a version-1 record, keyed and timed as before', () => {
    const v1 = sampleJobPosting(7);
    const parsed = JobPosting.parse(v1);
    expect(JOBS_POSTINGS.key(parsed)).toBe('remotive:1900007');
    expect(JOBS_POSTINGS.eventTime(parsed)).toBe(v1.published_at);
    expect(valueOf(v1, 'remote')).toBe(true);
    expect(valueOf(v1, 'posting_id')).toBeNull();
    expect(valueOf(v1, 'countries')).toBeNull();
    expect(valueOf(v1, 'salary_period')).toBe('year');
  });

  it('validates a version-2 change, keyed by posting id and timed by its observation', () => {
    const parsed = JobPosting.parse(change());
    expect(JOBS_POSTINGS.key(parsed)).toBe('greenhouse:stripe:4012345678');
    expect(JOBS_POSTINGS.eventTime(parsed)).toBe('2026-03-10T12:00:05.000Z');
    expect(valueOf(change(), 'remote')).toBe(false);
    expect(valueOf(change({ workplace: 'unknown' }), 'remote')).toBeNull();
    expect(valueOf(change({ workplace: 'remote' }), 'remote')).toBe(true);
    expect(valueOf(change(), 'countries')).toEqual(['IE']);
    expect(valueOf(change(), 'salary_annual_max')).toBe(120_000);
  });

  it('names the field that is wrong, whichever version the record claims', () => {
    const issues = (record: unknown) =>
      JobPosting.safeParse(record).error?.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message}`,
      );
    expect(issues({ ...change(), countries: ['Ireland'] })?.[0]).toMatch(/^countries\.0:/);
    expect(issues({ ...change(), schema_version: 3 })?.[0]).toMatch(/^schema_version:/);
    expect(issues({ ...sampleJobPosting(1), source: 'greenhouse' })?.[0]).toMatch(/^source:/);
    expect(issues(change({ change: 'closed' }))?.[0]).toMatch(/^closed_at:/);
    expect(issues(change({ salary: { ...change().salary!, min: 130_000 } }))?.[0]).toMatch(
      /^salary\.max: min must not exceed max/,
    );
  });

  it('adds columns after the version-1 ones, never changing those', () => {
    const names = JOBS_POSTINGS.columns.map((column) => column.name);
    expect(names.slice(0, 11)).toEqual([
      'source',
      'source_id',
      'title',
      'company',
      'remote',
      'salary_min',
      'salary_max',
      'salary_currency',
      'published_at',
      'url',
      'tech_keywords',
    ]);
    expect(JOBS_POSTINGS.columns.slice(11).every((column) => column.nullable)).toBe(true);
    expect(JOBS_POSTINGS.schemaVersion).toBe(2);
    expect(topicSpec('it-1a2b.jobs.postings')).toBe(JOBS_POSTINGS);
  });
});
