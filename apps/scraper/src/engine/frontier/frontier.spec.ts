import { toCrawlRequest } from '../request';
import { CrawlFrontier } from './crawl-frontier';
import { frontierKey, MemoryFrontierStore, pendingRecord } from './entries';

const request = (path: string, depth = 0, host = 'site') =>
  toCrawlRequest({ url: `http://${host}${path}`, callback: 'parse' }, { depth });

describe('CrawlFrontier', () => {
  it('fetches each fingerprint once per crawl and stops adding at the page cap', () => {
    const frontier = new CrawlFrontier(3);
    expect(frontier.add(request('/a'))).toBe('added');
    expect(frontier.add(request('/a#again'))).toBe('known');
    expect(frontier.add(request('/b'))).toBe('added');
    expect(frontier.add(request('/c'))).toBe('added');
    expect(frontier.add(request('/d'))).toBe('page-cap');
    expect(frontier.counts.queued).toBe(3);
  });

  it('hands out the deepest request of a domain first, FIFO within a depth', () => {
    const frontier = new CrawlFrontier(100);
    for (const [path, depth] of [
      ['/day1', 0],
      ['/day2', 0],
      ['/game1', 1],
      ['/chart1', 2],
      ['/game2', 1],
    ] as const) {
      frontier.add(request(path, depth));
    }
    frontier.add(request('/other', 0, 'elsewhere'));
    expect(frontier.domains().sort()).toEqual(['elsewhere', 'site']);
    const order: string[] = [];
    for (let next = frontier.take('site'); next; next = frontier.take('site'))
      order.push(new URL(next.url).pathname);
    expect(order).toEqual(['/chart1', '/game1', '/game2', '/day1', '/day2']);
    expect(frontier.counts).toMatchObject({ queued: 1, inFlight: 5 });
  });

  it('holds a retry until its time, then queues it again; tracks open work to the end', () => {
    const frontier = new CrawlFrontier(100);
    frontier.add(request('/a'));
    const taken = frontier.take('site');
    if (!taken) throw new Error('nothing queued');
    frontier.retry({ ...taken, attempts: 1, notBefore: 5_000 });
    expect(frontier.nextRetryAt()).toBe(5_000);
    frontier.promote(4_999);
    expect(frontier.take('site')).toBeUndefined();
    frontier.promote(5_000);
    const again = frontier.take('site');
    expect(again?.attempts).toBe(1);
    expect(frontier.open).toBe(1);
    if (again) frontier.complete(again, 'done');
    expect(frontier.open).toBe(0);
    expect(frontier.counts.done).toBe(1);
  });
});

describe('frontier records', () => {
  it('replay to the latest value per key, tombstones deleting, damaged records skipped', async () => {
    const store = new MemoryFrontierStore();
    const a = request('/a');
    const b = request('/b');
    await store.append([
      {
        key: frontierKey.crawl('c1'),
        value: {
          spider: 's',
          from: '2024-11-01',
          to: '2024-11-01',
          status: 'running',
          startedAt: 1,
          finishedAt: null,
        },
      },
      pendingRecord('c1', a, 1),
      pendingRecord('c1', b, 1),
      pendingRecord('c1', { ...a, attempts: 1 }, 2),
      {
        key: frontierKey.page('c1', b.fingerprint),
        value: { state: 'done', outcome: 'parsed', at: 3 },
      },
      {
        key: frontierKey.domain('site'),
        value: { starts: [1, 2], pausedUntil: 0, pauseReason: null, crawlDelayMs: 3_000 },
      },
      {
        key: frontierKey.validators(b.fingerprint),
        value: { etag: 'W/"1"', lastModified: null, at: 3 },
      },
      { key: 'page|c2|x', value: { state: 'pending', at: 1 } as never },
      { key: frontierKey.validators(b.fingerprint), value: null },
    ]);
    const snapshot = await store.load();
    expect(snapshot.crawls.get('c1')?.status).toBe('running');
    const pages = snapshot.pages.get('c1');
    expect(pages?.get(a.fingerprint)).toMatchObject({ state: 'pending', request: { attempts: 1 } });
    expect(pages?.get(b.fingerprint)).toMatchObject({ state: 'done' });
    expect(snapshot.pages.has('c2')).toBe(false);
    expect(snapshot.domains.get('site')?.crawlDelayMs).toBe(3_000);
    expect(snapshot.validators.size).toBe(0);
    expect(snapshot.invalid).toBe(1);
  });
});
