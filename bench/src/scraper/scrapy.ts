import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The Scrapy baseline's version, installed from PyPI into its own venv (nothing global). */
export const SCRAPY_VERSION = '2.19.0';

/** The spider the baseline runs (Python, beside this file in the source tree). */
export const SCRAPY_SPIDER = join(__dirname, '..', '..', 'src', 'scraper', 'scrapy_shot_charts.py');

/** Installs Scrapy once into $TRIBUTARY_CACHE_DIR/scrapy-baseline/venv; returns its python. */
export function ensureScrapy(): string {
  const cache = process.env.TRIBUTARY_CACHE_DIR ?? join(homedir(), '.cache', 'tributary');
  const dir = join(cache, 'scrapy-baseline');
  const python = join(dir, 'venv', 'bin', 'python');
  const marker = join(dir, `.complete-${SCRAPY_VERSION}`);
  if (existsSync(marker)) return python;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`installing Scrapy ${SCRAPY_VERSION} into ${dir} (PyPI)\n`);
  execFileSync('python3', ['-m', 'venv', join(dir, 'venv')], { stdio: 'inherit' });
  execFileSync(join(dir, 'venv', 'bin', 'pip'), ['install', '-q', `scrapy==${SCRAPY_VERSION}`], {
    stdio: 'inherit',
  });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return python;
}
