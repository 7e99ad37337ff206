import type { JobSource, Workplace } from '@tributary/schemas';
import type { StructuredPay } from './salary';

/** Pay as a source gives it: structured fields, or a text to parse. */
export type SourcePay = { structured: StructuredPay } | { text: string };

/**
 * One posting as an adapter read it from its source, in the source's own terms but with the
 * source's field names already mapped: what the normalizer turns into a `JobPosting`.
 */
export interface SourcePosting {
  source: JobSource;
  /** Board or company (ATS), thread (HN), null for single feeds. */
  tenant: string | null;
  nativeId: string;
  title: string;
  company: string | null;
  /** Location texts as given. */
  locations: readonly string[];
  /** ISO country codes the source states in fields of their own. */
  countryHints?: readonly string[];
  /** Where the work happens when the source says so in a field (flags, enums); else from text. */
  workplace?: Workplace | null;
  /** Everything on the source is remote (Remotive, RemoteOK, Jobicy, Himalayas). */
  remoteOnly?: boolean;
  /** The source's employment-type labels ("FullTime", "full_time", "Contract"). */
  employmentLabels?: readonly (string | null | undefined)[];
  /** The source's seniority labels ("Mid-Senior Level", "Entry-level"). */
  seniorityLabels?: readonly (string | null | undefined)[];
  pay?: SourcePay | null;
  tags?: readonly string[];
  url: string;
  applyUrl?: string | null;
  /** Epoch ms; null when the source gives no publication time. */
  publishedAt: number | null;
  updatedAt?: number | null;
  descriptionHtml: string | null;
  /** Plain text for sources that give no HTML. */
  descriptionText?: string | null;
  /** What the adapter could not read (the HN comment parser's notes). */
  notes?: readonly string[];
}

/** The key every state record and change of a posting carries: `source:tenant:native_id`. */
export function postingId(source: JobSource, tenant: string | null, nativeId: string): string {
  return `${source}:${tenant ?? ''}:${nativeId}`;
}
