/**
 * basketball-reference's robots.txt as quoted by third parties: a crawl delay and no player
 * shooting pages (any path containing /shooting/); game shot charts under /boxscores/ stay allowed.
 * With politeness off there is no Crawl-delay line.
 */
export function renderRobotsTxt(crawlDelayS: number | undefined): string {
  return [
    'User-agent: BadBot',
    'Disallow: /',
    '',
    'User-agent: *',
    ...(crawlDelayS === undefined ? [] : [`Crawl-delay: ${crawlDelayS}`]),
    'Disallow: */shooting/',
    'Disallow: /play-index/',
    'Disallow: /dump/',
    '',
  ].join('\n');
}
