import { createHash } from 'node:crypto';
import { GITHUB_EVENT_TYPES, type GithubEvent } from '@tributary/schemas';

/** Small deterministic PRNG (mulberry32): the same seed and index always give the same event. */
export function randomFor(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const OWNERS = [
  'kubernetes',
  'acme-corp',
  'octocat',
  'vercel',
  'rust-lang',
  'apache',
  'duckdb',
  'zhang-wei',
  'müller-dev',
  'data-eng-guild',
  'tiny-startup',
  'homelab42',
  'jsmith',
  'maria-garcia',
  'student-2024',
  'pixel-studio',
  'lee-ji-ho',
  'open-data-nl',
  'coffee-coder',
  'northwind',
  'anna-k',
  'team-orbit',
  'priya-s',
  'blue-fox',
  'city-council',
  'mk-labs',
  'dev-ahmed',
  'sunrise-apps',
  'lukas-w',
  'greenhouse',
];
const REPOS = [
  'kubernetes',
  'Hello-World',
  'next.js',
  'rust-parser',
  'kafka-connect-s3',
  'dotfiles',
  'blog',
  'ml-experiments',
  'terraform-modules',
  'go-microservice',
  'react-native-app',
  'awesome-list',
  'homework',
  'spark-jobs',
  'website',
  'notes',
  'my-project',
  'portfolio',
  'assignment-3',
  'config',
  'test-repo',
  'landing-page',
  'recipes',
  'thesis',
  'game-jam-2025',
  'scripts',
  'playground',
  'daily-log',
  'todo-app',
  'hello',
  'project-x',
  'backup',
  'wiki',
  'sandbox',
  'utils',
  'bot',
];
const SUBJECTS = [
  'Add Kubernetes operator for Postgres backups',
  'Fix memory leak in the tokio runtime',
  'Bump typescript from 5.8.3 to 5.9.2',
  'Migrate CI to GitHub Actions',
  'Update README.md',
  'Refactor the Kafka consumer to use cooperative rebalancing',
  'Initial commit',
  'WIP',
  'Use DuckDB for the nightly report',
  'Docs: explain how to run with docker compose',
  'fix typo',
  'Support Python 3.13',
  'Port the parser to Rust',
  'Add a React Native screen for settings',
  'Speed up the Spark job by 3x',
  'Terraform: add the S3 bucket for bronze data',
  'Merge branch main',
  '修复解析器中的错误',
  'Correction du bug de pagination 🐛',
  'Handle null created_at in old events',
  'chore(deps): bump lodash from 4.17.20 to 4.17.21',
  'Add Go client with golang generics',
  'feat: machine learning pipeline with PyTorch',
  'Improve error messages',
  'Update index.html',
  'Add files via upload',
  'first commit',
  'Fix the login page layout',
  'Remove unused images',
  'Update dependencies',
  'Add tests for the parser',
  'Release notes for the next version',
  'Fix off-by-one in pagination',
  'Translate the README to Spanish',
  'Clean up',
  'Merge pull request #42 from feature/search',
  'Add dark mode',
  'Bump version',
  'Rename variables',
  'Add contributing guide',
];
const BODY_LINES = [
  'This change keeps the behaviour the same for existing users.',
  'Tested locally with `npm test` and on a k8s cluster.',
  'Closes #1234.',
  'The old implementation allocated on every call; this one reuses the buffer.',
  'Ça marche maintenant avec les caractères accentués — merci !',
  'Benchmarks: 1.8x faster on the 1 GB input, peak memory unchanged.',
  'See the design doc for the reasoning behind the new schema.',
  '🚀 Ready for review',
  'Needs a follow-up for the Windows build.',
  'Uses the new Node.js stream API and drops the polyfill.',
  'Thanks for the report! Could you share the steps to reproduce?',
  'I can reproduce this on the latest release.',
  'Fixed in the main branch, will be in the next version.',
  'Screenshots attached below.',
  'Any update on this?',
  'Duplicate of #812.',
  'Looks good to me, merging.',
  'The page breaks on small screens; this moves the sidebar below the content.',
];

function sha(random: Random): string {
  let hex = '';
  while (hex.length < 40)
    hex += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return hex.slice(0, 40);
}

function body(random: Random): string | null {
  const roll = random();
  if (roll < 0.15) return null;
  // About 1 in 200 bodies is very long, like pasted logs: tens of kilobytes.
  const lines = roll > 0.995 ? 600 : 1 + Math.floor(random() * 6);
  const parts: string[] = [];
  for (let i = 0; i < lines; i++) parts.push(pick(random, BODY_LINES));
  return parts.join('\n\n');
}

function user(random: Random, login: string) {
  const id = 1000 + Math.floor(random() * 90_000_000);
  return {
    id,
    login,
    display_login: login,
    gravatar_id: '',
    url: `https://api.github.com/users/${login}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?`,
  };
}

function issueLike(random: Random, repo: string, number: number) {
  return {
    url: `https://api.github.com/repos/${repo}/issues/${number}`,
    html_url: `https://github.com/${repo}/issues/${number}`,
    id: 1_000_000 + Math.floor(random() * 3_000_000_000),
    number,
    title: pick(random, SUBJECTS),
    body: body(random),
    state: random() < 0.8 ? 'open' : 'closed',
    user: user(random, pick(random, OWNERS)),
    labels: [],
    created_at: '2025-01-15T10:00:00Z',
    updated_at: '2025-01-15T10:05:00Z',
  };
}

function payloadFor(
  type: (typeof GITHUB_EVENT_TYPES)[number],
  random: Random,
  repo: string,
  repoId: number,
  legacyPush: boolean,
): Record<string, unknown> {
  const number = 1 + Math.floor(random() * 5000);
  switch (type) {
    case 'PushEvent': {
      const push = {
        repository_id: repoId,
        push_id: 20_000_000_000 + Math.floor(random() * 1e9),
        ref: 'refs/heads/main',
        head: sha(random),
        before: sha(random),
      };
      if (!legacyPush) return push;
      const commits = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
        sha: sha(random),
        author: { email: 'dev@example.com', name: 'Dev' },
        message: pick(random, SUBJECTS),
        distinct: true,
        url: `https://api.github.com/repos/${repo}/commits/${sha(random)}`,
      }));
      return { ...push, size: commits.length, distinct_size: commits.length, commits };
    }
    case 'CreateEvent': {
      const refType = pick(random, ['branch', 'tag', 'repository']);
      const ref =
        refType === 'tag' ? 'v1.2.0' : pick(random, ['main', 'feature/kafka-sink', 'fix-ci']);
      return {
        ref,
        ref_type: refType,
        full_ref: refType === 'tag' ? `refs/tags/${ref}` : `refs/heads/${ref}`,
        master_branch: 'main',
        description: random() < 0.5 ? pick(random, SUBJECTS) : null,
        pusher_type: 'user',
      };
    }
    case 'DeleteEvent':
      return {
        ref: 'feature/old',
        ref_type: 'branch',
        full_ref: 'refs/heads/feature/old',
        pusher_type: 'user',
      };
    case 'WatchEvent':
      return { action: 'started' };
    case 'ForkEvent':
      return {
        action: 'forked',
        forkee: {
          id: repoId + 1,
          name: repo.split('/')[1],
          full_name: `${pick(random, OWNERS)}/${repo.split('/')[1]}`,
          description: random() < 0.5 ? pick(random, SUBJECTS) : null,
        },
      };
    case 'IssuesEvent':
      return {
        action: pick(random, ['opened', 'closed', 'reopened']),
        issue: issueLike(random, repo, number),
      };
    case 'IssueCommentEvent':
      return {
        action: 'created',
        issue: issueLike(random, repo, number),
        comment: {
          id: Math.floor(random() * 3e9),
          body: body(random) ?? 'LGTM',
          user: user(random, 'reviewer'),
        },
      };
    case 'PullRequestEvent':
      return {
        action: pick(random, ['opened', 'closed', 'merged', 'synchronize']),
        number,
        pull_request: { ...issueLike(random, repo, number), merged: random() < 0.3 },
      };
    case 'PullRequestReviewEvent':
      return {
        action: 'created',
        review: { id: Math.floor(random() * 3e9), body: body(random), state: 'approved' },
        pull_request: issueLike(random, repo, number),
      };
    case 'PullRequestReviewCommentEvent':
      return {
        action: 'created',
        comment: {
          id: Math.floor(random() * 3e9),
          body: body(random) ?? 'nit: naming',
          path: 'src/main.ts',
        },
        pull_request: issueLike(random, repo, number),
      };
    case 'CommitCommentEvent':
      return {
        action: 'created',
        comment: {
          id: Math.floor(random() * 3e9),
          body: body(random) ?? 'Nice',
          commit_id: sha(random),
        },
      };
    case 'ReleaseEvent':
      return {
        action: 'published',
        release: {
          id: Math.floor(random() * 3e8),
          tag_name: 'v2.0.0',
          name: `v2.0.0 — ${pick(random, SUBJECTS)}`,
          body: body(random),
          draft: false,
          prerelease: random() < 0.2,
        },
      };
    case 'GollumEvent':
      return {
        pages: [
          { page_name: 'Home', title: pick(random, SUBJECTS), action: 'edited', sha: sha(random) },
        ],
      };
    case 'MemberEvent':
      return { action: 'added', member: user(random, pick(random, OWNERS)) };
    case 'PublicEvent':
      return {};
    case 'DiscussionEvent':
      return {
        action: 'created',
        discussion: {
          id: Math.floor(random() * 1e8),
          number,
          title: pick(random, SUBJECTS),
          body: body(random) ?? '',
          category: { name: 'Q&A' },
        },
      };
  }
}

/** Rough share of each type on the real public timeline (Push and Create dominate). */
const TYPE_WEIGHTS: readonly [(typeof GITHUB_EVENT_TYPES)[number], number][] = [
  ['PushEvent', 45],
  ['CreateEvent', 12],
  ['WatchEvent', 8],
  ['PullRequestEvent', 8],
  ['IssueCommentEvent', 5],
  ['DeleteEvent', 4],
  ['IssuesEvent', 3],
  ['ForkEvent', 3],
  ['PullRequestReviewEvent', 3],
  ['PullRequestReviewCommentEvent', 2],
  ['ReleaseEvent', 2],
  ['GollumEvent', 1],
  ['MemberEvent', 1],
  ['PublicEvent', 1],
  ['CommitCommentEvent', 1],
  ['DiscussionEvent', 1],
];
const TOTAL_WEIGHT = TYPE_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);

function pickType(random: Random): (typeof GITHUB_EVENT_TYPES)[number] {
  let roll = random() * TOTAL_WEIGHT;
  for (const [type, weight] of TYPE_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return type;
  }
  return 'PushEvent';
}

export interface GenerateOptions {
  seed: number;
  /** The event's position on the timeline; ids grow with it as GitHub's do. */
  index: number;
  createdAt: Date;
  /** Old events (GH Archive before 2025) carry `commits` in PushEvent payloads. */
  legacyPush: boolean;
  /** Force a type (tests); otherwise drawn with the timeline's real proportions. */
  type?: (typeof GITHUB_EVENT_TYPES)[number];
}

export const FIRST_EVENT_ID = 40_000_000_000;

/** One realistic public event, fully determined by its options. */
export function generateEvent(options: GenerateOptions): GithubEvent {
  const random = randomFor(
    createHash('sha256').update(`${options.seed}:${options.index}`).digest().readUInt32LE(0),
  );
  const type = options.type ?? pickType(random);
  const owner = pick(random, OWNERS);
  const repo = `${owner}/${pick(random, REPOS)}`;
  const repoId = 10_000 + Math.floor(random() * 900_000_000);
  const actor = user(random, pick(random, [...OWNERS, 'dependabot[bot]', 'github-actions[bot]']));
  const event: GithubEvent = {
    id: String(FIRST_EVENT_ID + options.index),
    type,
    actor,
    repo: { id: repoId, name: repo, url: `https://api.github.com/repos/${repo}` },
    payload: payloadFor(type, random, repo, repoId, options.legacyPush),
    public: true,
    created_at: options.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  if (random() < 0.3) event.org = user(random, owner);
  return event;
}
