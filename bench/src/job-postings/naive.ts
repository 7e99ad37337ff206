import type { KeywordList } from '@tributary/keywords';
import type { KeywordTagger, TextOfHtml } from '@tributary/job-postings/normalize';

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
};

/** The obvious way: tags stripped by a regex, a few entities replaced, whitespace collapsed. */
export class RegexHtmlText implements TextOfHtml {
  convert(html: string): string {
    return html
      .replace(/<[^>]*>/g, ' ')
      .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, entity: string) => {
        if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
        if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
        return ENTITIES[entity.toLowerCase()] ?? whole;
      })
      .replace(/\s+/g, ' ')
      .trim();
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The obvious way: one case-insensitive `\bterm\b` regex per term (names and aliases). */
export class RegexPerKeyword implements KeywordTagger {
  readonly version: string;
  private readonly patterns: [RegExp, string][];

  constructor(list: KeywordList) {
    this.version = `${list.version}+regex`;
    this.patterns = list.keywords.flatMap((entry) =>
      [entry.name, ...entry.aliases].map(
        (term) => [new RegExp(`\\b${escapeRegex(term)}\\b`, 'i'), entry.name] as [RegExp, string],
      ),
    );
  }

  match(text: string): string[] {
    const found = new Set<string>();
    for (const [pattern, name] of this.patterns) if (pattern.test(text)) found.add(name);
    return [...found];
  }
}
