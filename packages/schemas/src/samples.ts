import type { KeywordMatch } from './github-event';
import type { JobPosting } from './job-posting';
import type { ScrapedShot } from './scraped-item';

/**
 * Realistic valid records for each registered topic, for tests, benchmarks and the replay server.
 * `n` varies ids and values; `timeMs` sets the event time.
 */
export function sampleKeywordMatch(
  n: number,
  timeMs = Date.UTC(2026, 10, 23, 4, 30),
): KeywordMatch {
  const repo = `org-${n % 50}/project-${n % 500}`;
  return {
    event: {
      id: String(40_000_000_000 + n),
      type: 'PullRequestEvent',
      actor: {
        id: 1000 + (n % 997),
        login: `dev-${n % 997}`,
        display_login: `dev-${n % 997}`,
        gravatar_id: '',
        url: `https://api.github.com/users/dev-${n % 997}`,
        avatar_url: `https://avatars.githubusercontent.com/u/${1000 + (n % 997)}?`,
      },
      repo: { id: 500_000 + (n % 500), name: repo, url: `https://api.github.com/repos/${repo}` },
      payload: {
        action: 'opened',
        number: n,
        pull_request: {
          title: `Migrate ingestion to Kafka and TypeScript (#${n}) — ünïcödé ✓`,
          body: 'Moves the batch job to a streaming pipeline on Kubernetes. '.repeat(8),
        },
      },
      public: true,
      created_at: new Date(timeMs).toISOString().replace('.000Z', 'Z'),
    },
    keywords: ['kafka', 'typescript', 'kubernetes'],
    matches: [
      { keyword: 'kafka', field: 'title' },
      { keyword: 'typescript', field: 'title' },
      { keyword: 'kubernetes', field: 'body' },
    ],
    keyword_list_version: '2026.11.1',
  };
}

export function sampleJobPosting(n: number, timeMs = Date.UTC(2026, 10, 23, 4, 30)): JobPosting {
  return {
    source: 'remotive',
    source_id: String(1_900_000 + n),
    title: `Senior Data Engineer (Kafka, Spark) #${n}`,
    company: `Company ${n % 300}`,
    locations: ['Europe', 'Remote'],
    remote: true,
    salary: { min: 90_000, max: 130_000, currency: 'EUR', period: 'year' },
    tags: ['data', 'kafka'],
    url: `https://remotive.com/remote-jobs/software-dev/senior-data-engineer-${n}`,
    apply_url: null,
    published_at: new Date(timeMs).toISOString(),
    description_text: 'Build streaming pipelines with Kafka and Parquet on S3.',
    description_html: '<p>Build streaming pipelines with <b>Kafka</b> and Parquet on S3.</p>',
    tech_keywords: ['kafka', 'spark', 'parquet', 's3'],
    attribution: 'Remotive (https://remotive.com)',
  };
}

export function sampleScrapedShot(n: number, timeMs = Date.UTC(2026, 10, 23, 4, 30)): ScrapedShot {
  return {
    spider: 'shot-charts',
    url: `https://stats.example.test/shotchartdetail?GameID=00226${String(n % 1000).padStart(5, '0')}`,
    fetched_at: new Date(timeMs).toISOString(),
    item: {
      game_id: `00226${String(n % 1000).padStart(5, '0')}`,
      game_event_id: n,
      game_date: '2026-11-22',
      player_id: 201939,
      player_name: 'Stephen Curry',
      team_id: 1610612744,
      period: 1 + (n % 4),
      minutes_remaining: n % 12,
      seconds_remaining: n % 60,
      action_type: 'Jump Shot',
      shot_type: n % 3 === 0 ? '3PT Field Goal' : '2PT Field Goal',
      shot_zone_basic: 'Above the Break 3',
      shot_zone_area: 'Center(C)',
      shot_zone_range: '24+ ft.',
      shot_distance: 25,
      loc_x: -12,
      loc_y: 248,
      shot_made: n % 2 === 0,
      home_team: 'GSW',
      visitor_team: 'LAL',
    },
  };
}

/** A valid sample record for any registered topic. */
export function sampleRecord(topic: string, n: number, timeMs?: number): unknown {
  switch (topic) {
    case 'github.events.matched':
      return sampleKeywordMatch(n, timeMs);
    case 'jobs.postings':
      return sampleJobPosting(n, timeMs);
    case 'scraper.shot-charts':
      return sampleScrapedShot(n, timeMs);
    default:
      throw new Error(`no sample for topic ${topic}`);
  }
}
