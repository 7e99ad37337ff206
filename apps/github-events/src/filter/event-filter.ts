import type { KeywordMatcher } from '@tributary/keywords';
import type { GithubEvent, KeywordMatch, MatchField } from '@tributary/schemas';
import { forEachEventText } from './event-text';

type Match = { keyword: string; field: MatchField };

/** Turns an event into the record github-events publishes, or null when no keyword matches. */
export class EventFilter {
  // Per-event state behind callbacks made once: the filter runs for every event on the timeline,
  // and allocating closures per event and text was a measurable share of its cost.
  private matches: Match[] = [];
  private field: MatchField = 'repo_name';
  private readonly onKeyword = (keyword: string): void => {
    for (const match of this.matches) {
      if (match.keyword === keyword && match.field === this.field) return;
    }
    this.matches.push({ keyword, field: this.field });
  };
  private readonly onText = (field: MatchField, text: string): void => {
    this.field = field;
    this.matcher.scan(text, this.onKeyword);
  };

  constructor(private readonly matcher: KeywordMatcher) {}

  get keywordListVersion(): string {
    return this.matcher.version;
  }

  match(event: GithubEvent): KeywordMatch | null {
    this.matches = [];
    forEachEventText(event, this.onText);
    const matches = this.matches;
    if (matches.length === 0) return null;
    this.matches = [];
    return {
      event,
      keywords: [...new Set(matches.map((match) => match.keyword))].sort(),
      matches,
      keyword_list_version: this.matcher.version,
    };
  }
}
