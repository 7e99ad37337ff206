import { greenhouseBoardJobs } from '@tributary/jobs-replay';
import { KeywordMatcher, parseKeywordList } from '@tributary/keywords';
import { JobPostingV2 } from '@tributary/schemas';
import { GreenhouseJob, greenhousePosting } from '../adapters/greenhouse';
import { PostingNormalizer } from './posting-normalizer';
import type { SourcePosting } from './source-posting';

const matcher = new KeywordMatcher(
  parseKeywordList({
    version: 'test-1',
    keywords: [
      { name: 'kafka' },
      { name: 'rust' },
      { name: 'postgresql', aliases: ['postgres'] },
      { name: 'dbt' },
    ],
  }),
);

function normalizer(textMax = 10_000, htmlMax = 20_000) {
  return new PostingNormalizer(matcher, {
    descriptionTextMaxChars: textMax,
    descriptionHtmlMaxChars: htmlMax,
    attribution: (source) => (source === 'remotive' ? 'Remotive' : null),
  });
}

const base: SourcePosting = {
  source: 'remotive',
  tenant: null,
  nativeId: '1931234',
  title: '  Senior   Rust Engineer ',
  company: 'Ferrous, Inc.',
  locations: ['Europe'],
  remoteOnly: true,
  employmentLabels: ['full_time'],
  pay: { text: '€80k - €100k' },
  tags: ['rust'],
  url: 'https://remotive.com/remote-jobs/dev/senior-rust-engineer-1931234?utm_source=feed',
  publishedAt: Date.UTC(2026, 1, 20, 13, 45),
  descriptionHtml: '<p>We write <b>Rust</b> services on Postgres &amp; Kafka.</p>',
};

const SEEN = Date.UTC(2026, 2, 10, 12);

describe('PostingNormalizer', () => {
  it('normalizes identity, URL, location, pay, description and keywords', () => {
    const posting = normalizer().normalize(base, SEEN);
    expect(posting).toMatchObject({
      posting_id: 'remotive::1931234',
      source: 'remotive',
      tenant: null,
      source_id: '1931234',
      title: 'Senior Rust Engineer',
      company: 'Ferrous, Inc.',
      countries: [],
      workplace: 'remote',
      employment_type: 'full-time',
      seniority: 'senior',
      salary: { min: 80_000, max: 100_000, currency: 'EUR', period: 'year', origin: 'text' },
      url: 'https://remotive.com/remote-jobs/dev/senior-rust-engineer-1931234',
      published_at: '2026-02-20T13:45:00.000Z',
      description_text: 'We write Rust services on Postgres & Kafka.',
      description_truncated: false,
      tech_keywords: ['kafka', 'postgresql', 'rust'],
      keyword_list_version: 'test-1',
      attribution: 'Remotive (https://remotive.com/remote-jobs/dev/senior-rust-engineer-1931234)',
      dedupe_key: 'ferrous|senior rust engineer|remote',
      parse_notes: ['salary period not stated; read as yearly'],
    });
  });

  it('gives the same hash for the same content and another for a real change, not for a touched timestamp', () => {
    const one = normalizer().normalize(base, SEEN);
    expect(normalizer().normalize({ ...base, updatedAt: SEEN }, SEEN + 1).content_hash).toBe(
      one.content_hash,
    );
    expect(
      normalizer().normalize({ ...base, url: `${base.url}&utm_campaign=x` }, SEEN).content_hash,
    ).toBe(one.content_hash);
    expect(
      normalizer().normalize({ ...base, title: 'Staff Rust Engineer' }, SEEN).content_hash,
    ).not.toBe(one.content_hash);
    expect(
      normalizer().normalize({ ...base, pay: { text: '€85k - €100k' } }, SEEN).content_hash,
    ).not.toBe(one.content_hash);
  });

  it('caps the description and flags it, and keeps the keywords of the whole text', () => {
    const long = {
      ...base,
      descriptionHtml: `<p>${'word '.repeat(3_000)}</p><p>Kafka at the end</p>`,
    };
    const posting = normalizer(1_000, 2_000).normalize(long, SEEN);
    expect(posting.description_text.length).toBeLessThanOrEqual(1_000);
    expect(posting.description_html?.length).toBeLessThanOrEqual(2_000);
    expect(posting.description_html?.length).toBeGreaterThan(1_800);
    expect(posting.description_truncated).toBe(true);
    expect(posting.tech_keywords).toContain('kafka');
  });

  it('uses the first sighting when the source gives no publication time, and says so', () => {
    const posting = normalizer().normalize({ ...base, publishedAt: null }, SEEN);
    expect(posting.published_at).toBe(new Date(SEEN).toISOString());
    expect(posting.parse_notes).toContain('no publication time; the first sighting is used');
  });

  it('refuses a posting without a usable link', () => {
    expect(() => normalizer().normalize({ ...base, url: '/jobs/1' }, SEEN)).toThrow(
      /not an absolute http/,
    );
  });

  it('turns generated Greenhouse jobs into valid changes with keywords from title and description', () => {
    const jobs = [...greenhouseBoardJobs({ seed: 3, tenant: 'acme', at: SEEN, postings: 40 })];
    const normalize = normalizer(32_768, 131_072);
    let withKeywords = 0;
    for (const job of jobs) {
      const posting = normalize.normalize(
        greenhousePosting(GreenhouseJob.parse(job), 'acme'),
        SEEN,
      );
      const change = {
        schema_version: 2 as const,
        ...posting,
        change: 'created' as const,
        revision: 1,
        observed_at: new Date(SEEN).toISOString(),
        first_seen_at: new Date(SEEN).toISOString(),
        last_seen_at: new Date(SEEN).toISOString(),
        closed_at: null,
        duplicate_of: null,
      };
      expect(JobPostingV2.safeParse(change).success).toBe(true);
      expect(posting.description_text).not.toMatch(/<[a-z]|&lt;|&amp;/);
      if (posting.tech_keywords.length > 0) withKeywords += 1;
    }
    expect(withKeywords).toBeGreaterThan(0);
  });
});
