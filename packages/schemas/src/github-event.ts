import { z } from 'zod';

const actor = z.looseObject({
  id: z.number().int(),
  login: z.string(),
  display_login: z.string().optional(),
  gravatar_id: z.string().nullable(),
  url: z.string(),
  avatar_url: z.string(),
});

/**
 * An event as GitHub's `GET /events` (and GH Archive) sends it. Payloads differ per type and change
 * over time (2025+ PushEvents carry no `commits`), so the payload is kept whole and loose: unknown
 * fields are preserved, never stripped, and the raw JSON lands in bronze anyway.
 */
export const GithubEvent = z.looseObject({
  id: z.string().min(1),
  type: z.string().nullable(),
  actor,
  repo: z.looseObject({ id: z.number().int(), name: z.string().min(1), url: z.string() }),
  org: actor.optional(),
  payload: z.record(z.string(), z.unknown()),
  public: z.boolean(),
  created_at: z.iso.datetime({ offset: true }).nullable(),
});
export type GithubEvent = z.infer<typeof GithubEvent>;

/** The 16 event types GitHub documents for the public timeline. */
export const GITHUB_EVENT_TYPES = [
  'CommitCommentEvent',
  'CreateEvent',
  'DeleteEvent',
  'DiscussionEvent',
  'ForkEvent',
  'GollumEvent',
  'IssueCommentEvent',
  'IssuesEvent',
  'MemberEvent',
  'PublicEvent',
  'PullRequestEvent',
  'PullRequestReviewCommentEvent',
  'PullRequestReviewEvent',
  'PushEvent',
  'ReleaseEvent',
  'WatchEvent',
] as const;

/** Where in an event a keyword was found. */
export const MatchField = z.enum([
  'repo_name',
  'title',
  'body',
  'description',
  'commit_message',
  'ref',
]);
export type MatchField = z.infer<typeof MatchField>;

/** What github-events publishes: the event, which keywords matched, and where. */
export const KeywordMatch = z.object({
  event: GithubEvent,
  keywords: z.array(z.string().min(1)).min(1),
  matches: z.array(z.object({ keyword: z.string().min(1), field: MatchField })).min(1),
  keyword_list_version: z.string().min(1),
});
export type KeywordMatch = z.infer<typeof KeywordMatch>;
