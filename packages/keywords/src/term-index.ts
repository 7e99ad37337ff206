import { KeywordListError, type KeywordList } from './keyword-list';
import { segmentsOf, tokenize } from './tokenizer';

const lowerAscii = (code: number): number => (code >= 0x41 && code <= 0x5a ? code + 32 : code);
export const mixHash = (hash: number, code: number): number => (Math.imul(hash, 31) + code) | 0;

/** The hash the scan computes for `text[start…end)`, ASCII lower-cased. */
export function hashRange(text: string, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) hash = mixHash(hash, lowerAscii(text.charCodeAt(i)));
  return hash;
}

/** `text[start…end)` equals the lower-case `word`, ignoring ASCII case. */
export function equalsIgnoringCase(
  text: string,
  start: number,
  end: number,
  word: string,
): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if (lowerAscii(text.charCodeAt(start + i)) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** A one-token term (`kafka`, `node.js`, `st_distance`, `Go`). */
export interface WordTerm {
  /** Lower-case text, or the exact text when `exact`. */
  readonly text: string;
  readonly exact: boolean;
  /** Index of the keyword in the list. */
  readonly keyword: number;
  /** Counts only with context (see KeywordMatcher). */
  readonly contextual: boolean;
}

/** A multi-word term (`react native`), written lower-case with one space between tokens. */
export interface PhraseTerm {
  readonly text: string;
  readonly keyword: number;
}

/** A set of lower-case words looked up by the scan's hash of a text range. */
export class WordSet {
  private readonly byHash = new Map<number, string[]>();
  readonly size: number;

  constructor(words: readonly string[]) {
    for (const word of words) {
      const hash = hashRange(word, 0, word.length);
      const bucket = this.byHash.get(hash);
      if (bucket) bucket.push(word);
      else this.byHash.set(hash, [word]);
    }
    this.size = words.length;
  }

  has(text: string, start: number, end: number, hash: number): boolean {
    const bucket = this.byHash.get(hash);
    if (bucket === undefined) return false;
    for (const word of bucket) if (equalsIgnoringCase(text, start, end, word)) return true;
    return false;
  }
}

/** What the scan needs to know about one keyword beyond its terms. */
export interface KeywordRules {
  readonly name: string;
  readonly context: WordSet;
  readonly vetoNext: WordSet;
  readonly vetoPrevious: WordSet;
}

/** 64 K bits indexed by the low 16 bits of a hash: most words are ruled out without a map lookup. */
export class HashFilter {
  private readonly bits = new Uint8Array(8192);

  add(hash: number): void {
    this.bits[(hash & 0xffff) >>> 3]! |= 1 << (hash & 7);
  }

  mayHave(hash: number): boolean {
    return (this.bits[(hash & 0xffff) >>> 3]! & (1 << (hash & 7))) !== 0;
  }
}

/**
 * A keyword list compiled for the scan: one-token terms by hash (any case and exact case in one
 * table, behind one prefilter), multi-word phrases by their lower-cased text, and each keyword's
 * context and veto words. Refuses a term listed for two keywords, or in two cases that overlap.
 */
export class TermIndex {
  readonly wordTerms = new Map<number, WordTerm[]>();
  readonly wordFilter = new HashFilter();
  /** Multi-word terms by the hash of their lower-case text (tokens joined by one space). */
  readonly phrases = new Map<number, PhraseTerm[]>();
  readonly phraseFilter = new HashFilter();
  /** Hashes of the first tokens of phrases, so phrases are only built where one can start. */
  readonly phraseStarts = new Set<number>();
  readonly phraseStartFilter = new HashFilter();
  readonly rules: KeywordRules[] = [];
  /** Most segments in a one-token term (`torch.nn.functional` would be 3). */
  readonly maxTermSegments: number;
  /** Longest one-token term or token of a phrase: longer tokens are no term and end a phrase. */
  readonly maxTermLength: number;
  readonly maxPhraseTokens: number;
  /** Lower-case form of every term → the keyword owning it, to refuse conflicts. */
  private readonly owners = new Map<
    string,
    { keyword: string; anyCase: boolean; spellings: Map<string, boolean> }
  >();

  constructor(list: KeywordList) {
    let maxSegments = 1;
    let maxLength = 1;
    let maxPhrase = 1;
    list.keywords.forEach((entry, keyword) => {
      this.rules.push({
        name: entry.name,
        context: new WordSet(
          entry.contextual.length + entry.contextualExact.length > 0
            ? [...entry.context, ...list.context]
            : [],
        ),
        vetoNext: new WordSet(entry.vetoNext),
        vetoPrevious: new WordSet(entry.vetoPrevious),
      });
      const add = (term: string, exact: boolean, contextual: boolean) => {
        const tokens = tokenize(term);
        if (tokens.length === 0) {
          throw new KeywordListError(
            'KEYWORD_TERM_INVALID',
            `keyword "${entry.name}": term "${term}" contains no word characters`,
          );
        }
        if (tokens.length > 1) {
          if (exact || contextual) {
            throw new KeywordListError(
              'KEYWORD_TERM_INVALID',
              `keyword "${entry.name}": exact and contextual term "${term}" must be a single word`,
            );
          }
          // Written with any separators (`react-native`, `ci/cd`): matched as words in a row.
          const phrase = tokens.join(' ').toLowerCase();
          if (!this.claim(phrase, entry.name, false, false)) return;
          const phraseHash = hashRange(phrase, 0, phrase.length);
          const bucket = this.phrases.get(phraseHash);
          if (bucket) bucket.push({ text: phrase, keyword });
          else this.phrases.set(phraseHash, [{ text: phrase, keyword }]);
          this.phraseFilter.add(phraseHash);
          const first = (tokens[0] as string).toLowerCase();
          const hash = hashRange(first, 0, first.length);
          this.phraseStarts.add(hash);
          this.phraseStartFilter.add(hash);
          maxPhrase = Math.max(maxPhrase, tokens.length);
          for (const token of tokens) maxLength = Math.max(maxLength, token.length);
          return;
        }
        // One token, without the punctuation around it (`@sentry` is `sentry`).
        const word = tokens[0] as string;
        if (word.startsWith('_') || word.endsWith('_')) {
          throw new KeywordListError(
            'KEYWORD_TERM_INVALID',
            `keyword "${entry.name}": term "${term}" starts or ends with a segment separator`,
          );
        }
        const segments = segmentsOf(word);
        if (!this.claim(word, entry.name, exact, contextual)) return;
        const text = exact ? word : word.toLowerCase();
        const hash = hashRange(text, 0, text.length);
        const bucket = this.wordTerms.get(hash);
        const compiled: WordTerm = { text, exact, keyword, contextual };
        if (bucket) bucket.push(compiled);
        else this.wordTerms.set(hash, [compiled]);
        this.wordFilter.add(hash);
        maxSegments = Math.max(maxSegments, segments.length);
        maxLength = Math.max(maxLength, word.length);
      };
      if (entry.matchName) add(entry.name, false, false);
      for (const alias of entry.aliases) add(alias, false, false);
      for (const exact of entry.exact) add(exact, true, false);
      for (const contextual of entry.contextual) add(contextual, false, true);
      for (const contextual of entry.contextualExact) add(contextual, true, true);
    });
    this.maxTermSegments = maxSegments;
    this.maxTermLength = maxLength;
    this.maxPhraseTokens = maxPhrase;
  }

  /**
   * Registers who owns a term; false when the keyword already has it. Any-case terms own every
   * spelling, so an exact term may not share its letters with an any-case term, nor with another
   * keyword's exact term; one spelling is either plain or contextual.
   */
  private claim(term: string, keyword: string, exact: boolean, contextual: boolean): boolean {
    const lower = term.toLowerCase();
    const spelling = exact ? term : lower;
    let owner = this.owners.get(lower);
    if (owner === undefined) {
      owner = { keyword, anyCase: !exact, spellings: new Map() };
      this.owners.set(lower, owner);
    }
    const conflict = (message: string) => new KeywordListError('KEYWORD_TERM_CONFLICT', message);
    if (owner.keyword !== keyword) {
      throw conflict(`term "${lower}" is listed for both "${owner.keyword}" and "${keyword}"`);
    }
    if (owner.anyCase === exact) {
      throw conflict(
        `keyword "${keyword}": term "${term}" is listed both in any case and with exact case`,
      );
    }
    const known = owner.spellings.get(spelling);
    if (known !== undefined && known !== contextual) {
      throw conflict(
        `keyword "${keyword}": term "${term}" is listed both as a plain and as a contextual term`,
      );
    }
    owner.spellings.set(spelling, contextual);
    return known === undefined;
  }
}
