import { z } from 'zod';
import type { BronzeColumn } from './bronze';
import { KeywordMatch } from './github-event';
import { isJobPostingV2, JobPosting, type JobPostingV2 } from './job-posting';
import { ScrapedShot } from './scraped-item';

/** Everything the sink needs to land a topic, so it has no per-topic code. */
export interface TopicSpec<Schema extends z.ZodType = z.ZodType> {
  topic: string;
  schemaName: string;
  schemaVersion: number;
  schema: Schema;
  /** The Kafka key producers use (and the Kinesis partition key). */
  key: (record: z.infer<Schema>) => string;
  /** The record's own event time (ISO-8601), used for the bronze hour; null when it has none. */
  eventTime: (record: z.infer<Schema>) => string | null;
  /** `eventTime` as data, where it is a plain property chain (see `BronzeColumn.path`). */
  eventTimePath?: readonly string[];
  columns: readonly BronzeColumn<z.infer<Schema>>[];
}

function defineTopic<Schema extends z.ZodType>(spec: TopicSpec<Schema>): TopicSpec<Schema> {
  return spec;
}

export const GITHUB_EVENTS_MATCHED = defineTopic({
  topic: 'github.events.matched',
  schemaName: 'github.keyword_match',
  schemaVersion: 1,
  schema: KeywordMatch,
  key: (record) => record.event.repo.name,
  eventTime: (record) => record.event.created_at,
  eventTimePath: ['event', 'created_at'],
  columns: [
    {
      name: 'event_id',
      type: 'string',
      nullable: false,
      value: (r) => r.event.id,
      path: ['event', 'id'],
    },
    {
      name: 'event_type',
      type: 'string',
      nullable: true,
      value: (r) => r.event.type,
      path: ['event', 'type'],
    },
    {
      name: 'created_at',
      type: 'timestamp',
      nullable: true,
      value: (r) => r.event.created_at,
      path: ['event', 'created_at'],
    },
    {
      name: 'actor_login',
      type: 'string',
      nullable: false,
      value: (r) => r.event.actor.login,
      path: ['event', 'actor', 'login'],
    },
    {
      name: 'repo_id',
      type: 'int64',
      nullable: false,
      value: (r) => r.event.repo.id,
      path: ['event', 'repo', 'id'],
    },
    {
      name: 'repo_name',
      type: 'string',
      nullable: false,
      value: (r) => r.event.repo.name,
      path: ['event', 'repo', 'name'],
    },
    {
      name: 'org_login',
      type: 'string',
      nullable: true,
      value: (r) => r.event.org?.login ?? null,
      path: ['event', 'org', 'login'],
    },
    {
      name: 'is_public',
      type: 'boolean',
      nullable: false,
      value: (r) => r.event.public,
      path: ['event', 'public'],
    },
    {
      name: 'keywords',
      type: 'string_list',
      nullable: false,
      value: (r) => r.keywords,
      path: ['keywords'],
    },
    {
      name: 'keyword_list_version',
      type: 'string',
      nullable: false,
      value: (r) => r.keyword_list_version,
      path: ['keyword_list_version'],
    },
  ],
});

/** The version-2 change inside a `jobs.postings` record, or null for a version-1 posting. */
const change = (record: JobPosting): JobPostingV2 | null =>
  isJobPostingV2(record) ? record : null;

export const JOBS_POSTINGS = defineTopic({
  topic: 'jobs.postings',
  schemaName: 'jobs.posting',
  // 2: one record per change of a posting. Version-1 records still validate and land; their rows
  // have null in the columns added with version 2.
  schemaVersion: 2,
  schema: JobPosting,
  key: (record) => change(record)?.posting_id ?? `${record.source}:${record.source_id}`,
  // A change lands in the hour it was observed; a version-1 posting in its publication hour.
  eventTime: (record) => change(record)?.observed_at ?? record.published_at,
  // Columns may be added, never removed or retyped: old and new files are read side by side.
  columns: [
    { name: 'source', type: 'string', nullable: false, value: (r) => r.source },
    { name: 'source_id', type: 'string', nullable: false, value: (r) => r.source_id },
    { name: 'title', type: 'string', nullable: false, value: (r) => r.title },
    { name: 'company', type: 'string', nullable: true, value: (r) => r.company },
    {
      name: 'remote',
      type: 'boolean',
      nullable: true,
      value: (r) => {
        if (!isJobPostingV2(r)) return r.remote;
        return r.workplace === 'unknown' ? null : r.workplace === 'remote';
      },
    },
    { name: 'salary_min', type: 'double', nullable: true, value: (r) => r.salary?.min ?? null },
    { name: 'salary_max', type: 'double', nullable: true, value: (r) => r.salary?.max ?? null },
    {
      name: 'salary_currency',
      type: 'string',
      nullable: true,
      value: (r) => r.salary?.currency ?? null,
    },
    { name: 'published_at', type: 'timestamp', nullable: false, value: (r) => r.published_at },
    { name: 'url', type: 'string', nullable: false, value: (r) => r.url },
    { name: 'tech_keywords', type: 'string_list', nullable: false, value: (r) => r.tech_keywords },
    // Added with version 2: null for version-1 records.
    {
      name: 'posting_id',
      type: 'string',
      nullable: true,
      value: (r) => change(r)?.posting_id ?? null,
    },
    { name: 'tenant', type: 'string', nullable: true, value: (r) => change(r)?.tenant ?? null },
    { name: 'change', type: 'string', nullable: true, value: (r) => change(r)?.change ?? null },
    { name: 'revision', type: 'int64', nullable: true, value: (r) => change(r)?.revision ?? null },
    {
      name: 'observed_at',
      type: 'timestamp',
      nullable: true,
      value: (r) => change(r)?.observed_at ?? null,
    },
    {
      name: 'workplace',
      type: 'string',
      nullable: true,
      value: (r) => change(r)?.workplace ?? null,
    },
    {
      name: 'countries',
      type: 'string_list',
      nullable: true,
      value: (r) => change(r)?.countries ?? null,
    },
    {
      name: 'employment_type',
      type: 'string',
      nullable: true,
      value: (r) => change(r)?.employment_type ?? null,
    },
    {
      name: 'seniority',
      type: 'string',
      nullable: true,
      value: (r) => change(r)?.seniority ?? null,
    },
    {
      name: 'salary_period',
      type: 'string',
      nullable: true,
      value: (r) => r.salary?.period ?? null,
    },
    {
      name: 'salary_annual_min',
      type: 'double',
      nullable: true,
      value: (r) => change(r)?.salary?.annual_min ?? null,
    },
    {
      name: 'salary_annual_max',
      type: 'double',
      nullable: true,
      value: (r) => change(r)?.salary?.annual_max ?? null,
    },
    {
      name: 'salary_origin',
      type: 'string',
      nullable: true,
      value: (r) => change(r)?.salary?.origin ?? null,
    },
    {
      name: 'updated_at',
      type: 'timestamp',
      nullable: true,
      value: (r) => change(r)?.updated_at ?? null,
    },
    {
      name: 'first_seen_at',
      type: 'timestamp',
      nullable: true,
      value: (r) => change(r)?.first_seen_at ?? null,
    },
    {
      name: 'last_seen_at',
      type: 'timestamp',
      nullable: true,
      value: (r) => change(r)?.last_seen_at ?? null,
    },
    {
      name: 'closed_at',
      type: 'timestamp',
      nullable: true,
      value: (r) => change(r)?.closed_at ?? null,
    },
    {
      name: 'description_truncated',
      type: 'boolean',
      nullable: true,
      value: (r) => change(r)?.description_truncated ?? null,
    },
    {
      name: 'keyword_list_version',
      type: 'string',
      nullable: true,
      value: (r) => change(r)?.keyword_list_version ?? null,
    },
    {
      name: 'duplicate_of',
      type: 'string',
      nullable: true,
      value: (r) => change(r)?.duplicate_of ?? null,
    },
    {
      name: 'dedupe_key',
      type: 'string',
      nullable: true,
      value: (r) => change(r)?.dedupe_key ?? null,
    },
    {
      name: 'content_hash',
      type: 'string',
      nullable: true,
      value: (r) => change(r)?.content_hash ?? null,
    },
    { name: 'attribution', type: 'string', nullable: true, value: (r) => r.attribution },
  ],
});

export const SCRAPER_SHOT_CHARTS = defineTopic({
  topic: 'scraper.shot-charts',
  schemaName: 'scraper.shot_chart_shot',
  // Still 1: every version-1 record validates against the evolved schema (see scraped-item.ts).
  schemaVersion: 1,
  schema: ScrapedShot,
  // Version-1 records have no shot_id: their key stays game and event id, as it was.
  key: (record) =>
    `${record.item.game_id}:${record.item.shot_id ?? String(record.item.game_event_id)}`,
  eventTime: (record) => record.fetched_at,
  eventTimePath: ['fetched_at'],
  // Columns may be added, never removed or retyped: old and new files are read side by side.
  columns: [
    { name: 'spider', type: 'string', nullable: false, value: (r) => r.spider, path: ['spider'] },
    { name: 'url', type: 'string', nullable: false, value: (r) => r.url, path: ['url'] },
    {
      name: 'fetched_at',
      type: 'timestamp',
      nullable: false,
      value: (r) => r.fetched_at,
      path: ['fetched_at'],
    },
    {
      name: 'game_id',
      type: 'string',
      nullable: false,
      value: (r) => r.item.game_id,
      path: ['item', 'game_id'],
    },
    {
      name: 'game_event_id',
      type: 'int64',
      nullable: true,
      value: (r) => r.item.game_event_id,
      path: ['item', 'game_event_id'],
    },
    {
      name: 'game_date',
      type: 'date',
      nullable: false,
      value: (r) => r.item.game_date,
      path: ['item', 'game_date'],
    },
    {
      name: 'player_id',
      type: 'int64',
      nullable: true,
      value: (r) => r.item.player_id,
      path: ['item', 'player_id'],
    },
    {
      name: 'player_name',
      type: 'string',
      nullable: false,
      value: (r) => r.item.player_name,
      path: ['item', 'player_name'],
    },
    {
      name: 'team_id',
      type: 'int64',
      nullable: true,
      value: (r) => r.item.team_id,
      path: ['item', 'team_id'],
    },
    {
      name: 'period',
      type: 'int64',
      nullable: false,
      value: (r) => r.item.period,
      path: ['item', 'period'],
    },
    {
      name: 'shot_type',
      type: 'string',
      nullable: false,
      value: (r) => r.item.shot_type,
      path: ['item', 'shot_type'],
    },
    {
      name: 'shot_distance',
      type: 'double',
      nullable: false,
      value: (r) => r.item.shot_distance,
      path: ['item', 'shot_distance'],
    },
    {
      name: 'loc_x',
      type: 'double',
      nullable: false,
      value: (r) => r.item.loc_x,
      path: ['item', 'loc_x'],
    },
    {
      name: 'loc_y',
      type: 'double',
      nullable: false,
      value: (r) => r.item.loc_y,
      path: ['item', 'loc_y'],
    },
    {
      name: 'shot_made',
      type: 'boolean',
      nullable: false,
      value: (r) => r.item.shot_made,
      path: ['item', 'shot_made'],
    },
    // Added after version 1: null for records written before them.
    {
      name: 'shot_id',
      type: 'string',
      nullable: true,
      value: (r) => r.item.shot_id ?? null,
      path: ['item', 'shot_id'],
    },
    {
      name: 'bbref_game_id',
      type: 'string',
      nullable: true,
      value: (r) => r.item.bbref_game_id ?? null,
      path: ['item', 'bbref_game_id'],
    },
    {
      name: 'bbref_player_id',
      type: 'string',
      nullable: true,
      value: (r) => r.item.bbref_player_id ?? null,
      path: ['item', 'bbref_player_id'],
    },
    {
      name: 'team_abbr',
      type: 'string',
      nullable: true,
      value: (r) => r.item.team_abbr ?? null,
      path: ['item', 'team_abbr'],
    },
    {
      name: 'home_team',
      type: 'string',
      nullable: false,
      value: (r) => r.item.home_team,
      path: ['item', 'home_team'],
    },
    {
      name: 'visitor_team',
      type: 'string',
      nullable: false,
      value: (r) => r.item.visitor_team,
      path: ['item', 'visitor_team'],
    },
    {
      name: 'period_seconds_remaining',
      type: 'double',
      nullable: true,
      value: (r) => r.item.period_seconds_remaining ?? null,
      path: ['item', 'period_seconds_remaining'],
    },
    {
      name: 'x_ft',
      type: 'double',
      nullable: true,
      value: (r) => r.item.x_ft ?? null,
      path: ['item', 'x_ft'],
    },
    {
      name: 'y_ft',
      type: 'double',
      nullable: true,
      value: (r) => r.item.y_ft ?? null,
      path: ['item', 'y_ft'],
    },
    {
      name: 'home_score',
      type: 'int64',
      nullable: true,
      value: (r) => r.item.home_score ?? null,
      path: ['item', 'home_score'],
    },
    {
      name: 'visitor_score',
      type: 'int64',
      nullable: true,
      value: (r) => r.item.visitor_score ?? null,
      path: ['item', 'visitor_score'],
    },
  ],
});

// Widened to the registry's element type: entries differ in record type, consumers treat them alike.
export const TOPIC_REGISTRY: readonly TopicSpec[] = [
  GITHUB_EVENTS_MATCHED,
  JOBS_POSTINGS,
  SCRAPER_SHOT_CHARTS,
];

/**
 * The spec for `topic`, which is a registered name, optionally behind one namespace segment
 * (`staging.jobs.postings`, `it-1234.jobs.postings`) so environments and tests can share a cluster.
 */
export function topicSpec(topic: string): TopicSpec | undefined {
  const exact = TOPIC_REGISTRY.find((spec) => spec.topic === topic);
  if (exact) return exact;
  const dot = topic.indexOf('.');
  if (dot <= 0 || !/^[a-z0-9-]+$/.test(topic.slice(0, dot))) return undefined;
  return TOPIC_REGISTRY.find((spec) => spec.topic === topic.slice(dot + 1));
}

/** Where records that cannot be landed go, with the reason in a header. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** One event per landed file, per completed hour and per late file, for downstream triggers. */
export const BRONZE_FILES_TOPIC = 'bronze.files';

const LandedFile = {
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  first_offset: z.string(),
  last_offset: z.string(),
  records: z.number().int().positive(),
  bytes: z.number().int().positive(),
  uri: z.string(),
  dt: z.string(),
  hr: z.string(),
};

/**
 * `file`: a file was committed (every file, late ones too). `hour_complete`: `_SUCCESS` was written in
 * the hour's folder. `late`: a file was committed in an hour that already had `_SUCCESS` — a job that
 * processed the hour should process it again (or just this file).
 */
export const BronzeFileEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), ...LandedFile }),
  z.object({ kind: z.literal('late'), ...LandedFile }),
  z.object({
    kind: z.literal('hour_complete'),
    topic: z.string(),
    dt: z.string(),
    hr: z.string(),
    uri: z.string(),
  }),
]);
export type BronzeFileEvent = z.infer<typeof BronzeFileEvent>;
