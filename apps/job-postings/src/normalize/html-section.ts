import { Parser } from 'htmlparser2';

/**
 * The text inside the first element whose class list contains `className` (Greenhouse's
 * `pay-range` block), or null. Cheap when the class is absent: the HTML is only parsed when the
 * name occurs in it.
 */
export function textOfClass(html: string, className: string): string | null {
  if (!html.includes(className)) return null;
  let depth = 0;
  let text = '';
  let found = false;
  const parser = new Parser(
    {
      onopentag: (_name, attributes) => {
        if (found && depth === 0) return;
        if (depth > 0) depth += 1;
        else if ((attributes.class ?? '').split(/\s+/).includes(className)) depth = 1;
      },
      ontext: (chunk) => {
        if (depth > 0) text += chunk;
      },
      onclosetag: () => {
        if (depth === 0) return;
        depth -= 1;
        if (depth === 0) {
          found = true;
          parser.pause();
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return found || trimmed ? trimmed : null;
}
