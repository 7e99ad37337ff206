import type { KeywordList } from './keyword-list';

const DOT = 0x2e;
const PLUS = 0x2b;
const HASH = 0x23;

/**
 * Word characters: ASCII letters, digits, `_`, and non-ASCII letters, so `tsé` is one word and
 * never matches `ts`. General punctuation and CJK symbols (em dash, curly quotes) separate words.
 */
function isWordChar(code: number): boolean {
  if (code < 0x80) {
    return (
      (code >= 0x61 && code <= 0x7a) || // a-z
      (code >= 0x41 && code <= 0x5a) || // A-Z
      (code >= 0x30 && code <= 0x39) || // 0-9
      code === 0x5f // _
    );
  }
  if (code < 0xc0) return false; // Latin-1 punctuation, nbsp
  if (code >= 0x2000 && code <= 0x2bff) return false; // punctuation, arrows, symbols
  if (code >= 0x3000 && code <= 0x303f) return false; // CJK punctuation
  return true;
}

/**
 * Splits text into words the way keyword terms are written: letters/digits/`_`, with `.` kept between
 * word characters (`node.js`, `asp.net`) and before a word at a word start (`.net`), and trailing `+`
 * or `#` kept (`c++`, `c#`). Everything else (space, `-`, `/`, `:`, sentence dots) separates words.
 * Calls `onToken(start, end)` for each word.
 */
export function forEachToken(text: string, onToken: (start: number, end: number) => void): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    let code = text.charCodeAt(i);
    let start = -1;
    if (isWordChar(code)) {
      start = i;
    } else if (code === DOT && i + 1 < length && isWordChar(text.charCodeAt(i + 1))) {
      start = i;
      i += 1;
    }
    if (start < 0) {
      i += 1;
      continue;
    }
    i += 1;
    while (i < length) {
      code = text.charCodeAt(i);
      if (isWordChar(code)) i += 1;
      else if (code === DOT && i + 1 < length && isWordChar(text.charCodeAt(i + 1))) i += 2;
      else break;
    }
    while (i < length) {
      code = text.charCodeAt(i);
      if (code === PLUS || code === HASH) i += 1;
      else break;
    }
    onToken(start, i);
  }
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  forEachToken(text, (start, end) => tokens.push(text.slice(start, end)));
  return tokens;
}

/**
 * Whole-word, case-insensitive keyword matching in one pass over the text: each word is looked up in
 * a hash map (multi-word terms such as `react native` by joining the last few words, only when the
 * word before starts such a term). Cost grows with the text, not with the number of keywords.
 */
export class KeywordMatcher {
  readonly version: string;
  readonly keywordCount: number;
  /** Lower-cased term (words joined by one space) → canonical keyword name. */
  private readonly terms = new Map<string, string>();
  /** Single-word terms that must match with their exact case. */
  private readonly exactTerms = new Map<string, string>();
  /** First words of multi-word terms, so the joins are only built where a term can start. */
  private readonly termStarts = new Set<string>();
  private readonly maxWords: number;
  private readonly maxWordLength: number;

  constructor(list: KeywordList) {
    this.version = list.version;
    this.keywordCount = list.keywords.length;
    let maxWords = 1;
    let maxWordLength = 1;
    for (const entry of list.keywords) {
      const terms = entry.matchName ? [entry.name, ...entry.aliases] : entry.aliases;
      for (const term of terms) {
        const words = tokenize(term.toLowerCase());
        if (words.length === 0) {
          throw new Error(`keyword "${entry.name}": term "${term}" contains no word characters`);
        }
        this.addTerm(words.join(' '), entry.name);
        if (words.length > 1) this.termStarts.add(words[0] as string);
        maxWords = Math.max(maxWords, words.length);
        for (const word of words) maxWordLength = Math.max(maxWordLength, word.length);
      }
      for (const term of entry.exact) {
        const words = tokenize(term);
        if (words.length !== 1 || words[0] !== term) {
          throw new Error(`keyword "${entry.name}": exact term "${term}" must be a single word`);
        }
        this.exactTerms.set(term, entry.name);
        maxWordLength = Math.max(maxWordLength, term.length);
      }
    }
    this.maxWords = maxWords;
    this.maxWordLength = maxWordLength;
  }

  private addTerm(term: string, name: string): void {
    const existing = this.terms.get(term);
    if (existing !== undefined && existing !== name) {
      throw new Error(`term "${term}" is listed for both "${existing}" and "${name}"`);
    }
    this.terms.set(term, name);
  }

  /** Calls `onMatch` with the keyword name of every term occurrence in `text` (repeats included). */
  scan(text: string, onMatch: (keyword: string) => void): void {
    if (text.length === 0) return;
    const lower = text.toLowerCase();
    // Lower-casing can change the length of some non-ASCII text; then words are lowered one by one.
    const aligned = lower.length === text.length;
    const recent: string[] = [];
    forEachToken(text, (start, end) => {
      if (end - start > this.maxWordLength) {
        recent.length = 0;
        return;
      }
      if (this.exactTerms.size > 0) {
        const exact = this.exactTerms.get(text.slice(start, end));
        if (exact !== undefined) onMatch(exact);
      }
      const word = aligned ? lower.slice(start, end) : text.slice(start, end).toLowerCase();
      const single = this.terms.get(word);
      if (single !== undefined) onMatch(single);
      if (this.maxWords === 1) return;
      for (
        let back = recent.length - 1;
        back >= 0 && recent.length - back < this.maxWords;
        back--
      ) {
        if (!this.termStarts.has(recent[back] as string)) continue;
        const multi = this.terms.get(`${recent.slice(back).join(' ')} ${word}`);
        if (multi !== undefined) onMatch(multi);
      }
      recent.push(word);
      if (recent.length >= this.maxWords) recent.shift();
    });
  }

  /** The distinct keywords found in `text`, in order of first occurrence. */
  match(text: string): string[] {
    const found = new Set<string>();
    this.scan(text, (keyword) => found.add(keyword));
    return [...found];
  }
}
