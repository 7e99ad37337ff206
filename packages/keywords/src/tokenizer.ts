/**
 * The word rules keyword terms and texts share. A token is a run of word characters (ASCII letters,
 * digits, `_`, non-ASCII letters), with `.` and `&` kept between word characters (`node.js`,
 * `pandas.DataFrame`, `R&D`), a `.` kept before a word at a token start (`.net`), and trailing `+`
 * or `#` kept (`c++`, `c#`). Everything else (space, `-`, `/`, `:`, `(`, sentence dots) separates
 * tokens. A token splits into segments at `.` and `_` (`aws_s3_bucket` → `aws`, `s3`, `bucket`);
 * a leading `.` stays with the first segment and trailing `+`/`#` with the last.
 */

export const DOT = 0x2e;
export const PLUS = 0x2b;
export const HASH = 0x23;
export const AMPERSAND = 0x26;
export const UNDERSCORE = 0x5f;

/** 1 for ASCII word characters (letters, digits, `_`). */
export const ASCII_WORD = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const isLetterOrDigit =
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39);
  ASCII_WORD[code] = isLetterOrDigit || code === UNDERSCORE ? 1 : 0;
}

/**
 * Word characters: ASCII letters, digits, `_`, and non-ASCII letters, so `tsé` is one word and never
 * matches `ts`. General punctuation and CJK symbols (em dash, curly quotes) separate words.
 */
export function isWordChar(code: number): boolean {
  if (code < 0x80) return ASCII_WORD[code] === 1;
  if (code < 0xc0) return false; // Latin-1 punctuation, nbsp
  if (code >= 0x2000 && code <= 0x2bff) return false; // punctuation, arrows, symbols
  if (code >= 0x3000 && code <= 0x303f) return false; // CJK punctuation
  return true;
}

/** `.` or `&` at `i` joins the word characters on both sides into one token. */
export function isJoiner(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return (
    (code === DOT || code === AMPERSAND) &&
    i > 0 &&
    i + 1 < text.length &&
    isWordChar(text.charCodeAt(i - 1)) &&
    isWordChar(text.charCodeAt(i + 1))
  );
}

/** Calls `onToken(start, end)` for each token of `text` (see the module comment). */
export function forEachToken(text: string, onToken: (start: number, end: number) => void): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    const leadingDot = code === DOT && i + 1 < length && isWordChar(text.charCodeAt(i + 1));
    if (!leadingDot && !isWordChar(code)) {
      i += 1;
      continue;
    }
    const start = i;
    i += leadingDot ? 2 : 1;
    while (i < length) {
      if (isWordChar(text.charCodeAt(i))) i += 1;
      else if (isJoiner(text, i)) i += 2;
      else break;
    }
    while (i < length) {
      const suffix = text.charCodeAt(i);
      if (suffix !== PLUS && suffix !== HASH) break;
      i += 1;
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
 * The segments of one token: split at `.` and `_`, empty pieces dropped (`__init__` → `init`), a
 * leading `.` kept (`.net`), `&` kept inside (`r&d`).
 */
export function segmentsOf(token: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    const separator = code === UNDERSCORE || (code === DOT && i > 0);
    if (!separator) continue;
    if (i > start) segments.push(token.slice(start, i));
    start = i + 1;
  }
  if (token.length > start) segments.push(token.slice(start));
  return segments;
}
