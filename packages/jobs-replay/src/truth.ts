import { allLocationLabels, primaryLocationLabel } from './content/location';
import type { EditKind } from './content/posting-content';
import type { Salary } from './content/salary';
import { TECHNOLOGIES } from './content/technologies';
import type { DriftRecord } from './faults';
import type { HnJobTruth } from './hn/hn-text';
import type { HnKind, HnWorld, Thread } from './hn/hn-world';
import {
  FEED_SOURCES,
  FEED_TENANT,
  isAtsSource,
  type AtsSource,
  type PostingSource,
} from './sources';
import type { CopyRef, JobsWorld, PostingState } from './world';

/** What a perfect collector knows about one open posting. */
export interface TruthPosting {
  id: string;
  version: number;
  openedAt: string;
  updatedAt: string;
  closesAt: string;
  title: string;
  company: string;
  location: string;
  locations: string[];
  workplace: string;
  remoteRegion: string | null;
  employmentType: string;
  seniority: string;
  salary: Salary | null;
  salaryText: string | null;
  technologies: string[];
  edits: EditKind[];
  copyOf: CopyRef | null;
  /** Responses that served this posting with a field renamed or removed. */
  drifted: DriftRecord[];
}

export interface TruthBoard {
  source: PostingSource;
  tenant: string;
  exists: boolean;
  postings: TruthPosting[];
}

export interface TruthHnComment {
  id: number;
  kind: HnKind;
  author: string;
  createdAt: string;
  parentId: number | null;
  job: HnJobTruth | null;
  drifted: DriftRecord[];
}

export interface TruthHnStory {
  id: number;
  title: string;
  thread: Thread;
  createdAt: string;
  comments: TruthHnComment[];
}

export interface Truth {
  at: string;
  atMs: number;
  boards: TruthBoard[];
  hn: TruthHnStory[];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function truthPosting(posting: PostingState, drifts: readonly DriftRecord[]): TruthPosting {
  const { content } = posting;
  return {
    id: posting.id,
    version: posting.version,
    openedAt: iso(posting.openedAt),
    updatedAt: iso(posting.updatedAt),
    closesAt: iso(posting.closesAt),
    title: content.title,
    company: content.company.name,
    location: primaryLocationLabel(content.location),
    locations: allLocationLabels(content.location),
    workplace: content.location.workplace,
    remoteRegion: content.location.remote?.key ?? null,
    employmentType: content.employmentType,
    seniority: content.seniority,
    salary: content.salary,
    salaryText: content.salaryText,
    technologies: content.technologies.map((key) => TECHNOLOGIES[key].name),
    edits: [...content.edits],
    copyOf: posting.copyOf,
    drifted: drifts.filter(
      (drift) =>
        drift.source === posting.source &&
        drift.id === posting.id &&
        drift.tenant.toLowerCase() === posting.tenant.toLowerCase(),
    ),
  };
}

export interface TruthQuery {
  at: number;
  /** ATS boards to include, per source. */
  tenants: ReadonlyMap<AtsSource, ReadonlySet<string>>;
  /** Limit to one source (`hn` included). */
  source?: string;
  drifts: readonly DriftRecord[];
}

/** The open postings of every asked-about board and every feed, and the visible HN threads. */
export function computeTruth(world: JobsWorld, hn: HnWorld, query: TruthQuery): Truth {
  const wanted = (source: string): boolean => query.source === undefined || query.source === source;
  const boards: TruthBoard[] = [];
  for (const [source, tenants] of query.tenants) {
    if (!wanted(source)) continue;
    for (const tenant of [...tenants].sort()) {
      const exists = world.boardExists(source, tenant);
      boards.push({
        source,
        tenant,
        exists,
        postings: world
          .openPostings(source, tenant, query.at)
          .map((posting) => truthPosting(posting, query.drifts)),
      });
    }
  }
  for (const source of FEED_SOURCES) {
    if (!wanted(source)) continue;
    boards.push({
      source,
      tenant: FEED_TENANT,
      exists: true,
      postings: world
        .openPostings(source, FEED_TENANT, query.at)
        .map((posting) => truthPosting(posting, query.drifts)),
    });
  }
  const stories: TruthHnStory[] = [];
  if (wanted('hn')) {
    const items = hn.itemsAt(query.at);
    const hnDrifts = query.drifts.filter((drift) => drift.source === 'hn');
    for (const story of items.filter((item) => item.type === 'story').reverse()) {
      stories.push({
        id: story.id,
        title: story.title ?? '',
        thread: story.thread,
        createdAt: iso(story.createdAt),
        comments: items
          .filter((item) => item.type === 'comment' && item.storyId === story.id)
          .reverse()
          .map((comment) => ({
            id: comment.id,
            kind: comment.kind,
            author: comment.author,
            createdAt: iso(comment.createdAt),
            parentId: comment.parentId,
            job: comment.job,
            drifted: hnDrifts.filter((drift) => drift.id === String(comment.id)),
          })),
      });
    }
  }
  return { at: iso(query.at), atMs: query.at, boards, hn: stories };
}

export function isTruthSource(source: string): boolean {
  return (
    isAtsSource(source) || (FEED_SOURCES as readonly string[]).includes(source) || source === 'hn'
  );
}
