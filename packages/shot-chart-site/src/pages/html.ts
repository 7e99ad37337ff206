const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Escapes text and attribute values (double-quoted). */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** "October 22, 2024". */
export function longDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${MONTHS[(month ?? 1) - 1] ?? ''} ${day ?? ''}, ${year ?? ''}`;
}

/** basketball-reference's day-page address for an ISO date (month and day not padded). */
export function dayPath(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `/boxscores/?month=${month ?? ''}&day=${day ?? ''}&year=${year ?? ''}`;
}

/** The page frame every basketball-reference page shares: header navigation, content, footer. */
export function layout(title: string, canonicalPath: string, content: string): string {
  return `<!DOCTYPE html>
<html data-version="klecko-" data-root="/home/bbr/build" lang="en" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=2.0">
<title>${escapeHtml(title)}</title>
<link rel="canonical" href="${escapeHtml(canonicalPath)}">
<link rel="stylesheet" href="//cdn.ssref.example/css/bbr.css">
</head>
<body class="bbr">
<div id="wrap">
<div id="header" role="banner">
<div id="logo"><a href="/">Basketball-Reference.com</a></div>
<ul id="nav">
<li><a href="/">Home</a></li>
<li><a href="/play-index/">Stathead</a></li>
<li><a href="https://www.sports-reference.example/">Sports Reference</a></li>
</ul>
</div>
<div id="content" role="main">
${content}
</div>
<div id="footer" role="contentinfo">
<p>Copyright &copy; Sports Reference LLC (imitation served by @tributary/shot-chart-site).</p>
<p><a href="mailto:feedback@sports-reference.example">Feedback</a> <a href="#header">Top</a> <a href="javascript:void(0)">Share</a></p>
</div>
</div>
</body>
</html>
`;
}
