// Literal replaces with regexes compiled once: native, and they yield flat strings, which matters
// for the megabytes a large board produces.
const SPECIAL = /[&<>"']/;
const AMPERSANDS = /&/g;
const LESS_THAN = /</g;
const GREATER_THAN = />/g;
const QUOTES = /"/g;
const APOSTROPHES = /'/g;

/** Text to HTML: the five characters that matter. */
export function escapeHtml(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text
    .replace(AMPERSANDS, '&amp;')
    .replace(LESS_THAN, '&lt;')
    .replace(GREATER_THAN, '&gt;')
    .replace(QUOTES, '&quot;')
    .replace(APOSTROPHES, '&#39;');
}

/** Greenhouse's `content`: the HTML itself escaped once more ("&lt;p&gt;..."). */
export function escapeHtmlForGreenhouse(html: string): string {
  return html
    .replace(AMPERSANDS, '&amp;')
    .replace(LESS_THAN, '&lt;')
    .replace(GREATER_THAN, '&gt;')
    .replace(QUOTES, '&quot;');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) {
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    }
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** Plain text of an HTML fragment: block ends become line breaks, list items get a dash. */
export function htmlToPlain(html: string): string {
  return decodeEntities(
    html
      .replace(/<li[^>]*>/gi, '- ')
      .replace(/<\/(p|li|h[1-6]|div|ul|ol)>|<br\s*\/?>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
