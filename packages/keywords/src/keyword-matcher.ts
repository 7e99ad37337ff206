import type { KeywordList } from './keyword-list';
import { hashRange, mixHash, TermIndex, type WordSet, type WordTerm } from './term-index';
import { AMPERSAND, ASCII_WORD, DOT, HASH, isWordChar, PLUS, UNDERSCORE } from './tokenizer';

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const BANG = 0x21;
const QUESTION = 0x3f;
const AT = 0x40;
const DOT_HASH = mixHash(0, DOT);

/** How many words before and after a contextual term its context may be. */
export const CONTEXT_WINDOW = 3;
/** Recent words kept for looking back (a power of two above the window plus a term's segments). */
const RING = 16;

const lowerAscii = (code: number): number => (code >= 0x41 && code <= 0x5a ? code + 32 : code);
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isSpace = (code: number): boolean =>
  code === SPACE || code === NEWLINE || code === TAB || code === RETURN || code === 0xa0;

/**
 * Whole-word keyword matching in one pass over the text.
 *
 * Words: the text splits into tokens (see `tokenizer.ts`), tokens into segments at `.` and `_`.
 * Inside a token, terms are matched on runs of segments, leftmost-longest: `torch.nn.functional`
 * tries `torch.nn.functional`, `torch.nn`, `torch` (a term: done), then `nn.functional`, …; a run
 * that matched is not matched again in parts, so `node.js` reports node.js and not `js`. One-letter
 * terms (`R`, `C`) only match a whole token. Multi-word terms (`react native`) are matched on
 * consecutive tokens and report beside the words inside them. A token's trailing `+`/`#` is tried
 * off when the token with it is no term (`React+TS` → react).
 *
 * Rules: a contextual term counts only when, within CONTEXT_WINDOW words on either side and in the
 * same sentence, another accepted match or one of its keyword's context words occurs, when a
 * version number follows it (`Spark 3.5`), or when it is a segment of a dotted/underscored
 * identifier (`spark.read`, `ray_cluster`; not an e-mail's local part). A contextual term is also
 * dropped when the word right after or before it is one of its keyword's veto words (`ray tracing`);
 * plain terms are never vetoed (`golang to rust`).
 * Sentences end at `.`, `!` or `?` before a space, and at a blank line.
 *
 * Hashes of each word are computed while scanning it and looked up behind a 64 K-bit prefilter, so a
 * word that is no term allocates nothing; cost grows with the text, not with the keyword count.
 */
export class KeywordMatcher {
  readonly version: string;
  readonly keywordCount: number;
  private readonly index: TermIndex;

  // Per-scan state, reused across calls: scan is synchronous and never re-entered.
  private text = '';
  private onMatch: (keyword: string) => void = () => undefined;
  private segStart = new Int32Array(64);
  private segEnd = new Int32Array(64);
  private segHash = new Int32Array(64);
  /** Recent words by position & (RING - 1), to look back for context and veto words. */
  private readonly ringPos = new Int32Array(RING).fill(-1);
  private readonly ringStart = new Int32Array(RING);
  private readonly ringEnd = new Int32Array(RING);
  private readonly ringHash = new Int32Array(RING);
  private lastAccepted = 0;
  /** Where the next scan's positions start (see scan). */
  private nextPos = 0;
  /** Candidates waiting for context or for the next word (veto): parallel arrays. */
  private pendingCount = 0;
  private readonly pendingKeyword: number[] = [];
  private readonly pendingPos: number[] = [];
  /** Position of the word right after the candidate (for vetoes and version numbers). */
  private readonly pendingNext: number[] = [];
  private readonly pendingAwaitsNext: boolean[] = [];
  private readonly pendingNeedsContext: boolean[] = [];
  /**
   * The last tokens while a phrase may still be completed (from a token that starts one on): text
   * ranges, positions, lower-case hashes, and whether each starts a phrase.
   */
  private readonly recentStart: Int32Array;
  private readonly recentEnd: Int32Array;
  private readonly recentPos: Int32Array;
  private readonly recentHash: Int32Array;
  private readonly recentIsStart: Uint8Array;
  private recentCount = 0;
  private recentStartCount = 0;
  /** 31^n, to combine token hashes into a phrase hash. */
  private readonly powers: Int32Array;
  /** Terms found for the current run of segments. */
  private readonly found: WordTerm[] = [];
  private foundCount = 0;

  constructor(list: KeywordList) {
    this.version = list.version;
    this.keywordCount = list.keywords.length;
    this.index = new TermIndex(list);
    const tokens = this.index.maxPhraseTokens;
    this.recentStart = new Int32Array(tokens);
    this.recentEnd = new Int32Array(tokens);
    this.recentPos = new Int32Array(tokens);
    this.recentHash = new Int32Array(tokens);
    this.recentIsStart = new Uint8Array(tokens);
    this.powers = new Int32Array(this.index.maxTermLength + 2);
    this.powers[0] = 1;
    for (let n = 1; n < this.powers.length; n++)
      this.powers[n] = Math.imul(this.powers[n - 1]!, 31);
  }

  /** The distinct keywords found in `text`, in order of acceptance. */
  match(text: string): string[] {
    const found = new Set<string>();
    this.scan(text, (keyword) => found.add(keyword));
    return [...found];
  }

  /** Calls `onMatch` with the keyword name of every accepted term occurrence (repeats included). */
  scan(text: string, onMatch: (keyword: string) => void): void {
    this.text = text;
    this.onMatch = onMatch;
    this.pendingCount = 0;
    this.clearPhrase();
    // Positions go on from the last scan, with a gap, so the ring's old words are out of every window.
    if (this.nextPos > 0x3fffffff) {
      this.ringPos.fill(-1);
      this.nextPos = 0;
    }
    let pos = this.nextPos + CONTEXT_WINDOW + 1;
    this.lastAccepted = pos - CONTEXT_WINDOW - 1;
    const index = this.index;
    const multiWord = index.maxPhraseTokens > 1;
    const length = text.length;
    let sentenceBreak = false;
    let newlines = 0;
    let i = 0;
    while (i < length) {
      let code = text.charCodeAt(i);
      const start = i;
      let segHash = 0;
      if (code < 0x80 ? ASCII_WORD[code] === 0 : !isWordChar(code)) {
        if (code !== DOT || i + 1 >= length || !isWordChar(text.charCodeAt(i + 1))) {
          if (code === DOT || code === BANG || code === QUESTION) {
            if (i + 1 >= length || isSpace(text.charCodeAt(i + 1))) sentenceBreak = true;
          } else if (code === NEWLINE) {
            if (++newlines >= 2) sentenceBreak = true;
          } else if (!isSpace(code)) newlines = 0; // a blank line has only spaces between
          i += 1;
          continue;
        }
        segHash = DOT_HASH; // a leading dot (`.net`) belongs to the token
        i += 1;
      }
      // One token, split into segments at `.` and `_`, each hashed lower-cased on the way (the same
      // rules as forEachToken and segmentsOf).
      let segments = 0;
      let segmentStart = start;
      while (i < length) {
        code = text.charCodeAt(i);
        if (code < 0x80) {
          if (ASCII_WORD[code] === 1) {
            if (code !== UNDERSCORE) {
              segHash = mixHash(segHash, code >= 0x41 && code <= 0x5a ? code + 32 : code);
            } else {
              if (i > segmentStart) segments = this.pushSegment(segments, segmentStart, i, segHash);
              segmentStart = i + 1;
              segHash = 0;
            }
            i += 1;
            continue;
          }
          if (
            (code === DOT || code === AMPERSAND) &&
            i + 1 < length &&
            isWordChar(text.charCodeAt(i + 1))
          ) {
            if (code === DOT) {
              if (i > segmentStart) segments = this.pushSegment(segments, segmentStart, i, segHash);
              segmentStart = i + 1;
              segHash = 0;
            } else segHash = mixHash(segHash, code);
            i += 1;
            continue;
          }
          break;
        }
        if (!isWordChar(code)) break;
        segHash = mixHash(segHash, code);
        i += 1;
      }
      const coreEnd = i;
      const coreHash = segHash;
      while (i < length) {
        code = text.charCodeAt(i);
        if (code !== PLUS && code !== HASH) break;
        segHash = mixHash(segHash, code);
        i += 1;
      }
      if (i > segmentStart) segments = this.pushSegment(segments, segmentStart, i, segHash);
      if (segments === 0) continue; // only underscores
      if (sentenceBreak) {
        pos += CONTEXT_WINDOW + 1;
        sentenceBreak = false;
        this.clearPhrase();
      }
      newlines = 0;
      const firstPos = pos;
      pos += segments;
      if (segments === 1) this.matchWord(firstPos, i, coreEnd, coreHash);
      else this.matchSegments(start, i, coreEnd, segments, firstPos);
      if (!multiWord) continue;
      if (i - start > index.maxTermLength) {
        this.clearPhrase(); // no phrase has a word this long
        continue;
      }
      const whole = segments === 1 && this.segStart[0] === start && this.segEnd[0] === i;
      this.matchPhrases(start, i, firstPos, pos, whole ? segHash : hashRange(text, start, i));
    }
    this.nextPos = pos;
    this.finish();
  }

  private pushSegment(count: number, start: number, end: number, hash: number): number {
    if (count === this.segStart.length) {
      const grow = (array: Int32Array) => {
        const larger = new Int32Array(array.length * 2);
        larger.set(array);
        return larger;
      };
      this.segStart = grow(this.segStart);
      this.segEnd = grow(this.segEnd);
      this.segHash = grow(this.segHash);
    }
    this.segStart[count] = start;
    this.segEnd[count] = end;
    this.segHash[count] = hash;
    return count + 1;
  }

  /** A token of one segment (the common case): one lookup, or two when it ends in `+`/`#`. */
  private matchWord(pos: number, tokenEnd: number, coreEnd: number, coreHash: number): void {
    const start = this.segStart[0]!;
    const end = this.segEnd[0]!; // before any trailing `_`
    const hash = this.segHash[0]!;
    this.word(pos, start, end, hash, false);
    const index = this.index;
    this.foundCount = 0;
    if (end - start <= index.maxTermLength && index.wordFilter.mayHave(hash)) {
      this.collect(hash, start, end);
    }
    if (
      this.foundCount === 0 &&
      end === tokenEnd &&
      coreEnd < end &&
      index.wordFilter.mayHave(coreHash)
    ) {
      // `python+`, `React+`: the trailing `+`/`#` was not part of a name.
      this.collect(coreHash, start, coreEnd);
    }
    for (let f = 0; f < this.foundCount; f++) {
      const term = this.found[f]!;
      this.offer(term.keyword, pos, pos + 1, term.contextual, false);
    }
  }

  /** Leftmost-longest runs of segments of a dotted/underscored token `text[start…end)`. */
  private matchSegments(
    start: number,
    end: number,
    coreEnd: number,
    segments: number,
    firstPos: number,
  ): void {
    const text = this.text;
    const index = this.index;
    const versionLike =
      isDigit(text.charCodeAt(start)) ||
      ((text.charCodeAt(start) | 0x20) === 0x76 && isDigit(text.charCodeAt(start + 1)));
    // An e-mail's local part (`ray.smith@…`) is a name, not an identifier.
    const identifier = text.charCodeAt(end) !== AT;
    let s = 0;
    while (s < segments) {
      let run = 0;
      this.foundCount = 0;
      for (let span = Math.min(index.maxTermSegments, segments - s); span >= 1; span--) {
        const runStart = this.segStart[s]!;
        let runEnd = this.segEnd[s + span - 1]!;
        if ((runEnd === end ? coreEnd : runEnd) - runStart > index.maxTermLength) continue;
        if (runEnd - runStart === 1) continue; // one letter: whole tokens only
        let hash = span === 1 ? this.segHash[s]! : hashRange(text, runStart, runEnd);
        if (index.wordFilter.mayHave(hash)) this.collect(hash, runStart, runEnd);
        if (this.foundCount === 0 && runEnd === end && coreEnd < end) {
          runEnd = coreEnd;
          hash = hashRange(text, runStart, runEnd);
          if (index.wordFilter.mayHave(hash)) this.collect(hash, runStart, runEnd);
        }
        if (this.foundCount > 0) {
          run = span;
          break;
        }
      }
      const upto = s + (run === 0 ? 1 : run);
      for (let w = s; w < upto; w++) {
        const segStart = this.segStart[w]!;
        this.word(
          firstPos + w,
          segStart,
          this.segEnd[w]!,
          this.segHash[w]!,
          versionLike && w === 0,
        );
      }
      for (let f = 0; f < this.foundCount; f++) {
        const term = this.found[f]!;
        this.offer(term.keyword, firstPos + s, firstPos + upto, term.contextual, identifier);
      }
      s = upto;
    }
  }

  /** Appends to `found` the terms `text[start…end)` spells (its hash passed the prefilter). */
  private collect(hash: number, start: number, end: number): void {
    const candidates = this.index.wordTerms.get(hash);
    if (candidates === undefined) return;
    const text = this.text;
    const length = end - start;
    for (const term of candidates) {
      if (term.text.length !== length) continue;
      const equal = term.exact
        ? text.startsWith(term.text, start)
        : equalsLowerCase(text, start, term.text);
      if (equal) this.found[this.foundCount++] = term;
    }
  }

  private clearPhrase(): void {
    this.recentCount = 0;
    this.recentStartCount = 0;
  }

  /**
   * Multi-word terms ending with the token `text[start…end)` (lower-case hash `hash`). Tokens are
   * only remembered from a token that starts a phrase on, so most tokens cost one prefilter check;
   * phrase hashes are combined from token hashes, so nothing is allocated.
   */
  private matchPhrases(
    start: number,
    end: number,
    firstPos: number,
    nextPos: number,
    hash: number,
  ) {
    const index = this.index;
    const isStart = index.phraseStartFilter.mayHave(hash) && index.phraseStarts.has(hash);
    if (!isStart && this.recentStartCount === 0) return;
    const count = this.recentCount;
    const length = end - start;
    for (let back = 0; back < count; back++) {
      if (this.recentIsStart[back] === 0) continue;
      // H(a + ' ' + b) = (H(a)·31 + ' ')·31^|b| + H(b), for the tokens back…count-1 and this one.
      let phraseHash = this.recentHash[back]!;
      for (let k = back + 1; k < count; k++) {
        const size = this.recentEnd[k]! - this.recentStart[k]!;
        phraseHash =
          (Math.imul(Math.imul(phraseHash, 31) + SPACE, this.powers[size]!) + this.recentHash[k]!) |
          0;
      }
      phraseHash = (Math.imul(Math.imul(phraseHash, 31) + SPACE, this.powers[length]!) + hash) | 0;
      if (!index.phraseFilter.mayHave(phraseHash)) continue;
      const candidates = index.phrases.get(phraseHash);
      if (candidates === undefined) continue;
      for (const phrase of candidates) {
        if (this.spellsPhrase(phrase.text, back, start, end)) {
          this.offer(phrase.keyword, this.recentPos[back]!, nextPos, false, false);
        }
      }
    }
    // Remember this token; the oldest goes once a phrase could no longer reach this far.
    let slot = count;
    if (count + 1 >= index.maxPhraseTokens) {
      if (this.recentIsStart[0] === 1) this.recentStartCount -= 1;
      this.recentStart.copyWithin(0, 1);
      this.recentEnd.copyWithin(0, 1);
      this.recentPos.copyWithin(0, 1);
      this.recentHash.copyWithin(0, 1);
      this.recentIsStart.copyWithin(0, 1);
      slot = count - 1;
    }
    this.recentStart[slot] = start;
    this.recentEnd[slot] = end;
    this.recentPos[slot] = firstPos;
    this.recentHash[slot] = hash;
    this.recentIsStart[slot] = isStart ? 1 : 0;
    this.recentCount = slot + 1;
    if (isStart) this.recentStartCount += 1;
    if (this.recentStartCount === 0) this.recentCount = 0;
  }

  /** The remembered tokens from `back` on, then `text[start…end)`, spell `phrase` (any case). */
  private spellsPhrase(phrase: string, back: number, start: number, end: number): boolean {
    const text = this.text;
    let at = 0;
    for (let k = back; k <= this.recentCount; k++) {
      const from = k < this.recentCount ? this.recentStart[k]! : start;
      const to = k < this.recentCount ? this.recentEnd[k]! : end;
      if (k > back && phrase.charCodeAt(at++) !== SPACE) return false;
      for (let i = from; i < to; i++) {
        if (lowerAscii(text.charCodeAt(i)) !== phrase.charCodeAt(at++)) return false;
      }
    }
    return at === phrase.length;
  }

  /** Every word (segment) in order: remembered for looking back, and shown to waiting candidates. */
  private word(pos: number, start: number, end: number, hash: number, versionLike: boolean): void {
    const slot = pos & (RING - 1);
    this.ringPos[slot] = pos;
    this.ringStart[slot] = start;
    this.ringEnd[slot] = end;
    this.ringHash[slot] = hash;
    if (this.pendingCount === 0) return;
    const text = this.text;
    let ready = false;
    for (let j = 0; j < this.pendingCount; j++) {
      const rules = this.index.rules[this.pendingKeyword[j]!]!;
      const isNext = this.pendingNext[j] === pos;
      if (this.pendingAwaitsNext[j]) {
        if (isNext && rules.vetoNext.has(text, start, end, hash)) {
          this.dropPending(j--);
          continue;
        }
        if (this.pendingNext[j]! <= pos) this.pendingAwaitsNext[j] = false;
      }
      if (this.pendingNeedsContext[j]) {
        if ((isNext && versionLike) || rules.context.has(text, start, end, hash)) {
          this.pendingNeedsContext[j] = false;
        } else if (pos - this.pendingPos[j]! > CONTEXT_WINDOW) {
          // Out of the window: nothing can confirm it any more.
          this.dropPending(j--);
          continue;
        }
      }
      if (!this.pendingAwaitsNext[j] && !this.pendingNeedsContext[j]) ready = true;
    }
    if (ready) this.settle();
  }

  /** A term of `keyword` found at `pos` (the next word will be at `nextPos`). */
  private offer(
    keyword: number,
    pos: number,
    nextPos: number,
    contextual: boolean,
    identifier: boolean,
  ): void {
    const rules = this.index.rules[keyword]!;
    if (contextual && rules.vetoPrevious.size > 0) {
      const slot = (pos - 1) & (RING - 1);
      if (
        this.ringPos[slot] === pos - 1 &&
        rules.vetoPrevious.has(
          this.text,
          this.ringStart[slot]!,
          this.ringEnd[slot]!,
          this.ringHash[slot]!,
        )
      ) {
        return;
      }
    }
    const needsContext = contextual && !identifier && !this.contextBefore(rules.context, pos);
    const awaitsNext = contextual && rules.vetoNext.size > 0;
    if (!needsContext && !awaitsNext) {
      this.accept(keyword, pos);
      if (this.pendingCount > 0) this.settle();
      return;
    }
    const j = this.pendingCount++;
    this.pendingKeyword[j] = keyword;
    this.pendingPos[j] = pos;
    this.pendingNext[j] = nextPos;
    this.pendingAwaitsNext[j] = awaitsNext;
    this.pendingNeedsContext[j] = needsContext;
  }

  /** An accepted match or a context word within the window before `pos`. */
  private contextBefore(context: WordSet, pos: number): boolean {
    if (pos - this.lastAccepted <= CONTEXT_WINDOW) return true;
    if (context.size === 0) return false;
    for (let back = 1; back <= CONTEXT_WINDOW; back++) {
      const slot = (pos - back) & (RING - 1);
      if (
        this.ringPos[slot] === pos - back &&
        context.has(this.text, this.ringStart[slot]!, this.ringEnd[slot]!, this.ringHash[slot]!)
      ) {
        return true;
      }
    }
    return false;
  }

  private accept(keyword: number, pos: number): void {
    if (pos > this.lastAccepted) this.lastAccepted = pos;
    // An accepted match is context for the candidates around it.
    for (let j = 0; j < this.pendingCount; j++) {
      if (this.pendingNeedsContext[j] && Math.abs(pos - this.pendingPos[j]!) <= CONTEXT_WINDOW) {
        this.pendingNeedsContext[j] = false;
      }
    }
    this.onMatch(this.index.rules[keyword]!.name);
  }

  /** Accepts the candidates that wait for nothing any more (each may confirm others). */
  private settle(): void {
    for (let j = 0; j < this.pendingCount; j++) {
      if (this.pendingAwaitsNext[j] || this.pendingNeedsContext[j]) continue;
      const keyword = this.pendingKeyword[j]!;
      const pos = this.pendingPos[j]!;
      this.dropPending(j);
      this.accept(keyword, pos);
      j = -1;
    }
  }

  private dropPending(j: number): void {
    const last = --this.pendingCount;
    for (let k = j; k < last; k++) {
      this.pendingKeyword[k] = this.pendingKeyword[k + 1]!;
      this.pendingPos[k] = this.pendingPos[k + 1]!;
      this.pendingNext[k] = this.pendingNext[k + 1]!;
      this.pendingAwaitsNext[k] = this.pendingAwaitsNext[k + 1]!;
      this.pendingNeedsContext[k] = this.pendingNeedsContext[k + 1]!;
    }
  }

  /** The text ended: nothing follows to veto, nothing more can confirm. */
  private finish(): void {
    for (let j = 0; j < this.pendingCount; j++) {
      if (this.pendingNeedsContext[j]) this.dropPending(j--);
      else this.pendingAwaitsNext[j] = false;
    }
    this.settle();
    this.pendingCount = 0;
    this.text = '';
  }
}

function equalsLowerCase(text: string, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    if (lowerAscii(text.charCodeAt(start + i)) !== word.charCodeAt(i)) return false;
  }
  return true;
}
