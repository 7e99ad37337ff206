import { FEED_COMPANIES, slugify } from '../content/companies';
import { postingContent, type PostingContent } from '../content/posting-content';
import { KNOWN_BOARDS } from '../known-boards';
import { chance, intBetween, pick, randomForKey, weighted, type Random } from '../random';
import {
  candidateComment,
  freelancerComment,
  hiringComment,
  metaComment,
  replyComment,
  type HnJobTruth,
} from './hn-text';

export interface HnOptions {
  /** Top-level comments in each monthly "Who is hiring?" thread. */
  hiringComments?: number;
  /** Top-level comments in the "Who wants to be hired?" and freelancer threads. */
  otherComments?: number;
  /** Share of comments that answer another comment rather than the story. */
  replyRate?: number;
  /** How many months before the clock's start already have threads. */
  historyMonths?: number;
}

export const THREADS = ['hiring', 'hired', 'freelance'] as const;
export type Thread = (typeof THREADS)[number];

export type HnKind = 'story' | 'job' | 'multi-job' | 'meta' | 'reply' | 'candidate' | 'freelancer';

/** One HN item: a story or a comment, as created (visibility depends on the instant asked). */
export interface HnItem {
  id: number;
  type: 'story' | 'comment';
  kind: HnKind;
  thread: Thread;
  author: string;
  createdAt: number;
  /** Stories only. */
  title: string | null;
  /** `story_text` for stories, `comment_text` for comments (HN's HTML). */
  text: string;
  parentId: number | null;
  storyId: number;
  storyTitle: string;
  points: number | null;
  job: HnJobTruth | null;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const STORY_TEXT: Readonly<Record<Thread, string>> = {
  hiring:
    'Please state the location and include REMOTE for remote work, REMOTE (US) or similar if the country is restricted, and ONSITE when remote work is <i>not</i> an option.<p>Please only post if you personally are part of the hiring company—no recruiting firms or job boards. One post per company. If it isn&#x27;t a household name, explain what your company does.<p>Please only post if you are actively filling a position and are committed to responding to applicants.<p>Commenters: please don&#x27;t reply to job posts to complain about something. It&#x27;s off topic here.<p>Readers: please only email if you are personally interested in the job.',
  hired:
    'Share your information if you are looking for work. Please use this format:<p><pre><code>  Location:\n  Remote:\n  Willing to relocate:\n  Technologies:\n  Résumé&#x2F;CV:\n  Email:\n</code></pre>\nPlease only post if you are personally looking for a job--no recruiters or job boards.',
  freelance:
    'Post your freelance availability or your need for freelancers, with SEEKING WORK or SEEKING FREELANCER at the start of the comment. Please include location and whether remote work is an option.',
};

const TITLE_PREFIX: Readonly<Record<Thread, string>> = {
  hiring: 'Ask HN: Who is hiring?',
  hired: 'Ask HN: Who wants to be hired?',
  freelance: 'Ask HN: Freelancer? Seeking freelancer?',
};

const USER_PARTS = [
  'dev',
  'hn',
  'throwaway',
  'eng',
  'jobs',
  'cto',
  'hiring',
  'data',
  'rust',
  'ml',
  'ops',
  'founder',
];

const ID_EPOCH = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

/** HN item ids grow about one every 8 seconds (38.84M at the start of 2024, 47.2M in March 2026). */
export function hnIdAt(ms: number): number {
  return 38_840_000 + Math.floor((ms - ID_EPOCH) / 8000);
}

/** 16:00 UTC on the first weekday of the month, when `whoishiring` posts. */
export function storyTimeOf(year: number, month: number): number {
  let day = 1;
  for (;;) {
    const weekday = new Date(Date.UTC(year, month, day)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) break;
    day += 1;
  }
  return Date.UTC(year, month, day, 16, 0, 0);
}

function username(random: Random): string {
  return `${pick(random, USER_PARTS)}${pick(random, ['_', '', '-'])}${pick(random, USER_PARTS)}${chance(random, 0.5) ? intBetween(random, 1, 99) : ''}`;
}

/** One month's three threads and every comment in them, ids ascending with time. */
export interface HnMonth {
  year: number;
  month: number;
  stories: HnItem[];
  comments: HnItem[];
}

interface PendingComment {
  createdAt: number;
  build: (id: number) => HnItem;
}

/** The "Ask HN" threads, generated month by month from the seed. */
export class HnWorld {
  private readonly months = new Map<string, HnMonth>();
  private readonly companies: readonly string[];

  constructor(
    private readonly seed: number,
    private readonly options: HnOptions,
    /** The first month that has threads (UTC, from the clock's start minus the history). */
    readonly firstMonth: { year: number; month: number },
  ) {
    this.companies = [...FEED_COMPANIES.map(slugify), ...Object.values(KNOWN_BOARDS).flat()];
  }

  private jobContent(key: string, random: Random): PostingContent {
    return postingContent(
      key,
      {
        style: 'ats',
        tenant: pick(random, this.companies),
        salaryRate: 0.65,
        descriptionBytes: [0, 0],
      },
      1,
    );
  }

  month(year: number, month: number): HnMonth {
    const cacheKey = `${year}-${month}`;
    const cached = this.months.get(cacheKey);
    if (cached) return cached;
    const built = this.buildMonth(year, month);
    if (this.months.size > 48) this.months.delete(this.months.keys().next().value as string);
    this.months.set(cacheKey, built);
    return built;
  }

  private buildMonth(year: number, month: number): HnMonth {
    const storyAt = storyTimeOf(year, month);
    const label = `${MONTH_NAMES[month] ?? ''} ${year}`;
    const base = hnIdAt(storyAt);
    const stories = THREADS.map((thread, index): HnItem => {
      const id = base + index;
      return {
        id,
        type: 'story',
        kind: 'story',
        thread,
        author: 'whoishiring',
        createdAt: storyAt + index * 1000,
        title: `${TITLE_PREFIX[thread]} (${label})`,
        text: STORY_TEXT[thread],
        parentId: null,
        storyId: id,
        storyTitle: `${TITLE_PREFIX[thread]} (${label})`,
        points: intBetween(randomForKey(this.seed, 'hn-points', year, month, thread), 150, 700),
        job: null,
      };
    });
    const pending: PendingComment[] = [];
    for (const story of stories) this.planThread(story, pending);
    pending.sort((a, b) => a.createdAt - b.createdAt);
    const random = randomForKey(this.seed, 'hn-ids', year, month);
    let previous = base + stories.length - 1;
    const comments = pending.map((comment) => {
      const id = Math.max(hnIdAt(comment.createdAt), previous + 1 + Math.floor(random() * 3));
      previous = id;
      return comment.build(id);
    });
    return { year, month, stories, comments };
  }

  /** Plans a thread's comments; ids are assigned later, in time order across the month. */
  private planThread(story: HnItem, pending: PendingComment[]): void {
    const random = randomForKey(this.seed, 'hn-thread', story.storyTitle);
    const count =
      story.thread === 'hiring'
        ? (this.options.hiringComments ?? 400)
        : (this.options.otherComments ?? 120);
    const replyRate = this.options.replyRate ?? 0.15;
    const topLevel: { createdAt: number; id: () => number; author: string; country: string }[] = [];
    for (let index = 0; index < count; index++) {
      // Most comments arrive in the first days; the tail runs for about three weeks.
      const createdAt = story.createdAt + 30_000 + Math.floor(25 * DAY_MS * random() ** 3);
      const key = `${this.seed}/hn/${story.storyTitle}/${index}`;
      const itemRandom = randomForKey(key, 'comment');
      const author = username(itemRandom);
      const kind: HnKind =
        story.thread === 'hired'
          ? 'candidate'
          : story.thread === 'freelance'
            ? 'freelancer'
            : weighted<HnKind>(itemRandom, [
                ['job', 78],
                ['multi-job', 15],
                ['meta', 7],
              ]);
      const content = this.jobContent(key, itemRandom);
      let text: string;
      let job: HnJobTruth | null = null;
      if (kind === 'job' || kind === 'multi-job') {
        const extras =
          kind === 'multi-job'
            ? Array.from({ length: intBetween(itemRandom, 1, 3) }, (_, extra) =>
                postingContent(
                  `${key}/role/${extra}`,
                  {
                    style: 'ats',
                    tenant: slugify(content.company.name),
                    salaryRate: 0.6,
                    descriptionBytes: [0, 0],
                  },
                  1,
                ),
              )
            : [];
        const comment = hiringComment(itemRandom, content, extras);
        text = comment.html;
        job = comment.truth;
      } else if (kind === 'candidate') {
        text = candidateComment(itemRandom, content);
      } else if (kind === 'freelancer') {
        text = freelancerComment(itemRandom, content);
      } else {
        text = metaComment(itemRandom);
      }
      let assigned = 0;
      const entry = {
        createdAt,
        id: () => assigned,
        author,
        country: content.location.offices[0]?.country ?? 'Canada',
      };
      topLevel.push(entry);
      pending.push({
        createdAt,
        build: (id) => {
          assigned = id;
          return {
            id,
            type: 'comment',
            kind,
            thread: story.thread,
            author,
            createdAt,
            title: null,
            text,
            parentId: story.id,
            storyId: story.id,
            storyTitle: story.storyTitle,
            points: null,
            job,
          };
        },
      });
    }
    const replies = Math.round(count * replyRate);
    for (let index = 0; index < replies && topLevel.length > 0; index++) {
      const parent = pick(random, topLevel);
      const createdAt = parent.createdAt + 300_000 + Math.floor(random() * 2 * DAY_MS);
      const text = replyComment(
        randomForKey(this.seed, 'hn-reply', story.storyTitle, index),
        parent.country,
      );
      const author = username(random);
      pending.push({
        createdAt,
        build: (id) => ({
          id,
          type: 'comment',
          kind: 'reply',
          thread: story.thread,
          author,
          createdAt,
          title: null,
          text,
          // Replies are built after their parent: ids are assigned in time order.
          parentId: parent.id(),
          storyId: story.id,
          storyTitle: story.storyTitle,
          points: null,
          job: null,
        }),
      });
    }
  }

  /** Every month with threads up to the one containing `at`. */
  monthsUpTo(at: number): HnMonth[] {
    const out: HnMonth[] = [];
    const end = new Date(at);
    let { year, month } = this.firstMonth;
    while (
      year < end.getUTCFullYear() ||
      (year === end.getUTCFullYear() && month <= end.getUTCMonth())
    ) {
      out.push(this.month(year, month));
      month += 1;
      if (month === 12) {
        month = 0;
        year += 1;
      }
    }
    return out;
  }

  /** Every item created by `at`, newest first. */
  itemsAt(at: number): HnItem[] {
    const items: HnItem[] = [];
    for (const month of this.monthsUpTo(at)) {
      for (const story of month.stories) if (story.createdAt <= at) items.push(story);
      for (const comment of month.comments) if (comment.createdAt <= at) items.push(comment);
    }
    return items.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  }

  /** The children of an item visible at `at`, oldest first. */
  childrenOf(id: number, at: number): HnItem[] {
    return this.itemsAt(at)
      .filter((item) => item.parentId === id)
      .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  }
}
