/**
 * BASELINE, NOT PRODUCT CODE: the keyword matcher as it was at list version 2026-11-23.1 (commit
 * ca68501, `packages/keywords/src/keyword-matcher.ts`), kept verbatim so `bench:keywords-eval` and
 * `bench:keywords` can measure the current matcher against it in the same run. Only the import of
 * the list type changed (to the previous list's shape, below). Do not fix or extend it.
 */

/** The previous list format: no classes, no contextual terms. */
export interface PreviousKeywordList {
  version: string;
  keywords: { name: string; matchName: boolean; aliases: string[]; exact: string[] }[];
}
type KeywordList = PreviousKeywordList;

const DOT = 0x2e;
const PLUS = 0x2b;
const HASH = 0x23;

/**
 * Word characters: ASCII letters, digits, `_`, and non-ASCII letters, so `tsé` is one word and
 * never matches `ts`. General punctuation and CJK symbols (em dash, curly quotes) separate words.
 */
const ASCII_WORD = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const isLetterOrDigit =
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39);
  ASCII_WORD[code] = isLetterOrDigit || code === 0x5f ? 1 : 0;
}

function isWordChar(code: number): boolean {
  if (code < 0x80) return ASCII_WORD[code] === 1;
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

const lowerAscii = (code: number): number => (code >= 0x41 && code <= 0x5a ? code + 32 : code);
const mix = (hash: number, code: number): number => (Math.imul(hash, 31) + code) | 0;

/** The hash `scan` computes for a lower-case ASCII word. */
function wordHash(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = mix(hash, word.charCodeAt(i));
  return hash;
}

function isAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** `text[start…]` equals the lower-case ASCII `word`, ignoring ASCII case. */
function equalsIgnoringCase(text: string, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    if (lowerAscii(text.charCodeAt(start + i)) !== word.charCodeAt(i)) return false;
  }
  return true;
}

interface HashedTerm {
  word: string;
  keyword: string;
}

function addHashed(map: Map<number, HashedTerm[]>, hash: number, term: HashedTerm): void {
  const bucket = map.get(hash);
  if (bucket) bucket.push(term);
  else map.set(hash, [term]);
}

/**
 * Whole-word, case-insensitive keyword matching in one pass over the text. Each word's hash is
 * computed while it is scanned and looked up in a table of the single-word terms, so the common
 * case (a word that is no keyword) allocates nothing; multi-word terms (`react native`) are joined
 * and looked up only after a word that starts one. Cost grows with the text, not the keyword count.
 */
export class KeywordMatcher {
  readonly version: string;
  readonly keywordCount: number;
  /** Lower-cased term (words joined by one space) → canonical keyword name. */
  private readonly terms = new Map<string, string>();
  /** Single-word ASCII terms by word hash (the hot path). */
  private readonly wordsByHash = new Map<number, HashedTerm[]>();
  /** One bit per low 16 bits of those hashes: most words are ruled out without a map lookup. */
  private readonly hashBits = new Uint8Array(8192);
  /** Single-word terms that must match with their exact case, by lower-case word hash. */
  private readonly exactByHash = new Map<number, HashedTerm[]>();
  private readonly exactTerms = new Map<string, string>();
  /** First words of multi-word terms (and their hashes), so joins are only built where one can start. */
  private readonly termStarts = new Set<string>();
  private readonly termStartHashes = new Set<number>();
  private readonly maxWords: number;
  private readonly maxWordLength: number;
  private readonly recentStarts: number[] = [];
  private readonly recentEnds: number[] = [];
  private readonly recentIsStart: boolean[] = [];

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
        const joined = words.join(' ');
        if (this.addTerm(joined, entry.name) && words.length === 1 && isAscii(joined)) {
          const hash = wordHash(joined);
          addHashed(this.wordsByHash, hash, { word: joined, keyword: entry.name });
          this.hashBits[(hash & 0xffff) >>> 3]! |= 1 << (hash & 7);
        }
        if (words.length > 1) {
          const first = words[0] as string;
          this.termStarts.add(first);
          this.termStartHashes.add(wordHash(first));
        }
        maxWords = Math.max(maxWords, words.length);
        for (const word of words) maxWordLength = Math.max(maxWordLength, word.length);
      }
      for (const term of entry.exact) {
        const words = tokenize(term);
        if (words.length !== 1 || words[0] !== term) {
          throw new Error(`keyword "${entry.name}": exact term "${term}" must be a single word`);
        }
        this.exactTerms.set(term, entry.name);
        addHashed(this.exactByHash, wordHash(term.toLowerCase()), {
          word: term,
          keyword: entry.name,
        });
        maxWordLength = Math.max(maxWordLength, term.length);
      }
    }
    this.maxWords = maxWords;
    this.maxWordLength = maxWordLength;
  }

  /** Registers a term; false when it was already registered for the same keyword. */
  private addTerm(term: string, name: string): boolean {
    const existing = this.terms.get(term);
    if (existing !== undefined && existing !== name) {
      throw new Error(`term "${term}" is listed for both "${existing}" and "${name}"`);
    }
    this.terms.set(term, name);
    return existing === undefined;
  }

  /** Calls `onMatch` with the keyword name of every term occurrence in `text` (repeats included). */
  scan(text: string, onMatch: (keyword: string) => void): void {
    const length = text.length;
    const multiWord = this.maxWords > 1;
    // The previous words (positions) while a multi-word term could still be completed. Reused
    // across calls: scan is synchronous, and nothing here calls back into it before they are reset.
    const recentStarts = this.recentStarts;
    const recentEnds = this.recentEnds;
    const recentIsStart = this.recentIsStart;
    recentStarts.length = recentEnds.length = recentIsStart.length = 0;
    let i = 0;
    while (i < length) {
      let code = text.charCodeAt(i);
      const start = i;
      let hash = 0;
      let ascii = true;
      if (code === DOT) {
        if (i + 1 >= length || !isWordChar(text.charCodeAt(i + 1))) {
          i += 1;
          continue;
        }
        hash = mix(hash, DOT);
        i += 1;
      } else if (!isWordChar(code)) {
        i += 1;
        continue;
      }
      // Same word rules as forEachToken, hashing the lower-cased characters on the way.
      while (i < length) {
        code = text.charCodeAt(i);
        if (isWordChar(code)) {
          if (code >= 0x80) ascii = false;
          hash = mix(hash, lowerAscii(code));
          i += 1;
        } else if (code === DOT && i + 1 < length && isWordChar(text.charCodeAt(i + 1))) {
          hash = mix(hash, DOT);
          i += 1;
        } else break;
      }
      while (i < length) {
        code = text.charCodeAt(i);
        if (code !== PLUS && code !== HASH) break;
        hash = mix(hash, code);
        i += 1;
      }
      const end = i;
      const wordLength = end - start;
      if (wordLength > this.maxWordLength) {
        recentStarts.length = recentEnds.length = recentIsStart.length = 0;
        continue;
      }
      let startsTerm: boolean;
      if (ascii) {
        if (this.exactByHash.size > 0) {
          for (const term of this.exactByHash.get(hash) ?? []) {
            if (term.word.length === wordLength && text.startsWith(term.word, start)) {
              onMatch(term.keyword);
            }
          }
        }
        const candidates =
          (this.hashBits[(hash & 0xffff) >>> 3]! & (1 << (hash & 7))) === 0
            ? undefined
            : this.wordsByHash.get(hash);
        if (candidates !== undefined) {
          for (const term of candidates) {
            if (term.word.length === wordLength && equalsIgnoringCase(text, start, term.word)) {
              onMatch(term.keyword);
            }
          }
        }
        startsTerm = multiWord && this.termStartHashes.has(hash);
      } else {
        const original = text.slice(start, end);
        const exact = this.exactTerms.get(original);
        if (exact !== undefined) onMatch(exact);
        const word = original.toLowerCase();
        const single = this.terms.get(word);
        if (single !== undefined) onMatch(single);
        startsTerm = multiWord && this.termStarts.has(word);
      }
      if (!multiWord) continue;
      for (let back = 0; back < recentStarts.length; back++) {
        if (!recentIsStart[back]) continue;
        let phrase = '';
        for (let k = back; k < recentStarts.length; k++) {
          phrase += `${text.slice(recentStarts[k], recentEnds[k])} `;
        }
        const keyword = this.terms.get((phrase + text.slice(start, end)).toLowerCase());
        if (keyword !== undefined) onMatch(keyword);
      }
      recentStarts.push(start);
      recentEnds.push(end);
      recentIsStart.push(startsTerm);
      if (recentStarts.length >= this.maxWords) {
        recentStarts.shift();
        recentEnds.shift();
        recentIsStart.shift();
      }
    }
  }

  /** The distinct keywords found in `text`, in order of first occurrence. */
  match(text: string): string[] {
    const found = new Set<string>();
    this.scan(text, (keyword) => found.add(keyword));
    return [...found];
  }
}
