import type { KeywordMatcher } from '@tributary/keywords';
import type { GithubEvent, KeywordMatch, MatchField } from '@tributary/schemas';
import { forEachEventText } from './event-text';

/** Turns an event into the record github-events publishes, or null when no keyword matches. */
export class EventFilter {
  constructor(private readonly matcher: KeywordMatcher) {}

  get keywordListVersion(): string {
    return this.matcher.version;
  }

  match(event: GithubEvent): KeywordMatch | null {
    let matches: { keyword: string; field: MatchField }[] | undefined;
    let seen: Set<string> | undefined;
    forEachEventText(event, (field, text) => {
      this.matcher.scan(text, (keyword) => {
        const id = `${keyword}\u0000${field}`;
        seen ??= new Set();
        if (seen.has(id)) return;
        seen.add(id);
        (matches ??= []).push({ keyword, field });
      });
    });
    if (!matches) return null;
    return {
      event,
      keywords: [...new Set(matches.map((match) => match.keyword))].sort(),
      matches,
      keyword_list_version: this.matcher.version,
    };
  }
}
