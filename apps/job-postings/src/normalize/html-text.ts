import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** Elements that end a paragraph: a blank line around their text. */
const PARAGRAPHS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'table',
  'ul',
  'ol',
  'dl',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);
/** Elements that end a line. */
const LINES = new Set(['br', 'tr', 'dt', 'dd', 'hr']);
/** Elements whose text is not part of the description. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'title']);

const SPACE = 0x20;
const NEWLINE = 0x0a;
const DASH = 0x2d;

/** Whitespace of HTML text (a line break in the source is a space, as a browser shows it). */
function isSpace(code: number): boolean {
  return code === SPACE || (code >= 0x09 && code <= 0x0d) || code === 0xa0;
}

const ignore = (): void => undefined;
const utf16 = new TextDecoder('utf-16le');

/**
 * HTML to plain text with htmlparser2's tokenizer (the one under its parser, cheerio and
 * html-to-text; it decodes entities and knows raw-text elements such as `<script>`): script/style
 * dropped, runs of whitespace collapsed to one space, paragraphs and headings separated by a blank
 * line, list items on lines of their own starting with "- ". The text is written into one UTF-16
 * buffer as the tokenizer reads it, collapsing whitespace on the way: no string per text node, no
 * regular-expression passes afterwards (decision 0039).
 */
export class HtmlText {
  private html = '';
  private skipping = 0;
  private lastTag = '';
  private out = new Uint16Array(8192);
  private length = 0;
  /** A space is owed before the next character (whitespace seen since the last one). */
  private space = false;
  /** Line breaks owed before the next character (1, or 2 for a blank line). */
  private breaks = 0;
  /** A list item began: "- " is owed before its first character. */
  private bullet = false;

  private readonly callbacks: TokenizerCallbacks = {
    ontext: (start, end) => {
      if (this.skipping > 0) return;
      // The hot loop: characters copied straight into the buffer, whitespace owed, not written.
      // Each character adds at most one owed space or line break before it, plus a bullet.
      this.reserve(2 * (end - start) + 4);
      const html = this.html;
      const out = this.out;
      for (let index = start; index < end; index++) {
        const code = html.charCodeAt(index);
        if (isSpace(code)) {
          this.space = true;
        } else if (this.space || this.breaks > 0 || this.bullet) {
          this.char(code);
        } else {
          out[this.length++] = code;
        }
      }
    },
    ontextentity: (codePoint) => {
      if (this.skipping > 0) return;
      if (codePoint > 0xffff) {
        const rest = codePoint - 0x10000;
        this.char(0xd800 + (rest >> 10));
        this.put(0xdc00 + (rest & 0x3ff));
      } else {
        this.char(codePoint);
      }
    },
    onopentagname: (start, end) => {
      const name = this.html.slice(start, end).toLowerCase();
      this.lastTag = name;
      if (SKIPPED.has(name)) this.skipping += 1;
      else if (name === 'li') {
        this.lineBreak(1);
        this.bullet = true;
      } else if (PARAGRAPHS.has(name)) this.lineBreak(2);
      else if (LINES.has(name)) this.lineBreak(1);
    },
    onclosetag: (start, end) => {
      const name = this.html.slice(start, end).toLowerCase();
      if (SKIPPED.has(name)) this.skipping = Math.max(0, this.skipping - 1);
      else if (PARAGRAPHS.has(name)) this.lineBreak(2);
      else if (name === 'tr' || name === 'dd') this.lineBreak(1);
    },
    onselfclosingtag: () => {
      if (SKIPPED.has(this.lastTag)) this.skipping = Math.max(0, this.skipping - 1);
    },
    onattribdata: ignore,
    onattribentity: ignore,
    onattribend: ignore,
    onattribname: ignore,
    oncdata: ignore,
    oncomment: ignore,
    ondeclaration: ignore,
    onend: ignore,
    onopentagend: ignore,
    onprocessinginstruction: ignore,
  };

  /** The text of an HTML fragment or document. */
  convert(html: string): string {
    this.html = html;
    this.skipping = 0;
    this.length = 0;
    this.space = false;
    this.breaks = 0;
    this.bullet = false;
    // A tokenizer per document: cheap, and no state can leak from one document to the next.
    const tokenizer = new Tokenizer({ decodeEntities: true }, this.callbacks);
    tokenizer.write(html);
    tokenizer.end();
    this.html = '';
    return utf16.decode(this.out.subarray(0, this.length));
  }

  private lineBreak(count: 1 | 2): void {
    if (count > this.breaks) this.breaks = count;
  }

  /** One character of text: whitespace is owed, anything else written after what is owed. */
  private char(code: number): void {
    if (isSpace(code)) {
      this.space = true;
      return;
    }
    if (this.length > 0) {
      if (this.breaks > 0) {
        this.put(NEWLINE);
        if (this.breaks === 2) this.put(NEWLINE);
      } else if (this.space) {
        this.put(SPACE);
      }
    }
    if (this.bullet) {
      this.put(DASH);
      this.put(SPACE);
      this.bullet = false;
    }
    this.space = false;
    this.breaks = 0;
    this.put(code);
  }

  private put(code: number): void {
    this.reserve(1);
    this.out[this.length++] = code;
  }

  /** Room for `count` more code units. */
  private reserve(count: number): void {
    if (this.length + count <= this.out.length) return;
    const grown = new Uint16Array(Math.max(this.out.length * 2, this.length + count));
    grown.set(this.out.subarray(0, this.length));
    this.out = grown;
  }
}

/** `text` cut to at most `maxChars` (at a word boundary when one is near), and whether it was cut. */
export function capText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  let end = maxChars;
  const space = text.lastIndexOf(' ', maxChars);
  if (space > maxChars * 0.9) end = space;
  // Never split a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}
