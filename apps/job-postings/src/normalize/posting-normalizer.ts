import type { JobPostingV2 } from '@tributary/schemas';
import { canonicalUrl } from './canonical-url';
import { employmentTypeOf, seniorityOf } from './employment';
import { contentHashWithText, dedupeKey } from './fingerprint';
import { capText, HtmlText } from './html-text';
import { countriesOf, workplaceOf } from './location';
import { parseSalaryText, structuredSalary } from './salary';
import { postingId, type SourcePosting } from './source-posting';

/** A posting's content as the collector publishes it, without what change tracking adds. */
export type NormalizedPosting = Omit<
  JobPostingV2,
  | 'schema_version'
  | 'change'
  | 'revision'
  | 'observed_at'
  | 'first_seen_at'
  | 'last_seen_at'
  | 'closed_at'
  | 'duplicate_of'
>;

/** What tags a text with technology keywords (the shared `KeywordMatcher` is one). */
export interface KeywordTagger {
  readonly version: string;
  match(text: string): string[];
}

/** What turns a description's HTML into text (`HtmlText` is the one used; the benchmark swaps it). */
export interface TextOfHtml {
  convert(html: string): string;
}

export interface NormalizerOptions {
  /** Longest description text kept, in characters. */
  descriptionTextMaxChars: number;
  /** Longest description HTML kept, in characters. */
  descriptionHtmlMaxChars: number;
  /** The name the source's terms ask to credit, per source (null: no attribution asked). */
  attribution: (source: SourcePosting['source']) => string | null;
  /** Default: `HtmlText` (htmlparser2). */
  html?: TextOfHtml;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Turns what an adapter read into the published posting: canonical URL, countries and workplace,
 * employment type and seniority, salary with its currency and annualized range, description as
 * text from HTML (capped, flagged when cut), technology keywords from title and description, the
 * dedupe key and the content hash change tracking compares.
 */
export class PostingNormalizer {
  private readonly html: TextOfHtml;

  constructor(
    private readonly matcher: KeywordTagger,
    private readonly options: NormalizerOptions,
  ) {
    this.html = options.html ?? new HtmlText();
  }

  get keywordListVersion(): string {
    return this.matcher.version;
  }

  /** `seenAt`: when the posting was observed; its publication time when the source gives none. */
  normalize(posting: SourcePosting, seenAt: number): NormalizedPosting {
    const notes = [...(posting.notes ?? [])];
    const title = posting.title.replace(/\s+/g, ' ').trim();
    const company = posting.company?.replace(/\s+/g, ' ').trim() || null;
    const locations = posting.locations
      .map((text) => text.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    const countries = countriesOf(locations, posting.countryHints ?? []);
    const workplace =
      posting.workplace ?? workplaceOf(locations) ?? (posting.remoteOnly ? 'remote' : 'unknown');

    const salaryResult = !posting.pay
      ? { salary: null, notes: [] }
      : 'structured' in posting.pay
        ? structuredSalary(posting.pay.structured)
        : parseSalaryText(posting.pay.text, countries);
    notes.push(...salaryResult.notes);

    const fullText =
      posting.descriptionHtml !== null
        ? this.html.convert(posting.descriptionHtml)
        : (posting.descriptionText ?? '').trim();
    const text = capText(fullText, this.options.descriptionTextMaxChars);
    const html =
      posting.descriptionHtml === null
        ? null
        : capText(posting.descriptionHtml, this.options.descriptionHtmlMaxChars);
    const keywords = this.matcher.match(`${title}\n\n${fullText}`);

    const url = canonicalUrl(posting.url);
    if (url === null)
      throw new Error(`posting url "${posting.url}" is not an absolute http(s) URL`);
    const applyUrl = canonicalUrl(posting.applyUrl);
    if (posting.publishedAt === null) notes.push('no publication time; the first sighting is used');
    const attribution = this.options.attribution(posting.source);

    const content = {
      title,
      company,
      locations,
      countries,
      workplace,
      employment_type: employmentTypeOf(posting.employmentLabels ?? []),
      seniority: seniorityOf(title, posting.seniorityLabels ?? []),
      salary: salaryResult.salary,
      tags: [...(posting.tags ?? [])],
      url,
      apply_url: applyUrl,
      published_at: iso(posting.publishedAt ?? seenAt),
    };
    return {
      posting_id: postingId(posting.source, posting.tenant, posting.nativeId),
      source: posting.source,
      tenant: posting.tenant,
      source_id: posting.nativeId,
      ...content,
      description_text: text.text,
      updated_at: posting.updatedAt ? iso(posting.updatedAt) : null,
      description_html: html?.text ?? null,
      description_truncated: text.truncated || (html?.truncated ?? false),
      tech_keywords: keywords.sort(),
      keyword_list_version: this.matcher.version,
      attribution: attribution ? `${attribution} (${url})` : null,
      dedupe_key: dedupeKey(content),
      // Keywords, notes and updated_at stay out: a new keyword list or a touched timestamp is no
      // change of the posting.
      content_hash: contentHashWithText(content, text.text),
      parse_notes: notes,
    };
  }
}
