import { dayPath, escapeHtml, layout, longDate } from './html';

/** `/`: where a crawl can start; links to the first and last day of the range. */
export function renderHomePage(from: string, to: string): string {
  return layout(
    'Basketball Statistics and History | Basketball-Reference.com',
    '/',
    `<h1>Basketball Reference</h1>
<ul class="scores">
<li><a href="${escapeHtml(dayPath(to))}">Scores for ${longDate(to)}</a></li>
<li><a href="${escapeHtml(dayPath(from))}">Scores for ${longDate(from)}</a></li>
</ul>`,
  );
}

/** A page robots.txt disallows: served, so a crawler that ignores robots.txt is caught in the log. */
export function renderDisallowedPage(path: string): string {
  return layout(
    'Stathead | Basketball-Reference.com',
    path,
    `<h1>Members only</h1><p>${escapeHtml(path)}</p>`,
  );
}

export function renderNotFoundPage(path: string): string {
  return layout(
    'Page Not Found (404 error) | Basketball-Reference.com',
    path,
    `<h1>Page Not Found (404 error)</h1><p>We apologize, but we could not find the page requested by your device.</p>`,
  );
}

export function renderRateLimitedPage(retryAfterS: number): string {
  return layout(
    '429 error | Basketball-Reference.com',
    '/',
    `<h1>Rate Limited Request (429 error)</h1><p>You are being rate limited. Try again in ${retryAfterS} seconds.</p>`,
  );
}
