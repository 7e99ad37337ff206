import { descriptionHtml } from './content/description';
import { htmlToPlain } from './content/html';
import { TECHNOLOGIES } from './content/technologies';
import { boardSnapshot, greenhouseBoardJobs } from './generate';
import { KNOWN_BOARDS } from './known-boards';
import { ATS_SOURCES, FEED_TENANT } from './sources';
import { JobsWorld, type PostingState } from './world';

const START = Date.parse('2026-03-10T12:00:00Z');
const DAY_MS = 86_400_000;

function byId(postings: readonly PostingState[]): Map<string, PostingState> {
  return new Map(postings.map((posting) => [posting.id, posting]));
}

describe('JobsWorld', () => {
  it('is a function of the seed and the instant', () => {
    const a = new JobsWorld({ seed: 11 });
    const b = new JobsWorld({ seed: 11 });
    for (const [source, tenant] of [
      ['greenhouse', 'airbnb'],
      ['lever', 'plaid'],
      ['remotive', FEED_TENANT],
    ] as const) {
      expect(b.openPostings(source, tenant, START)).toEqual(a.openPostings(source, tenant, START));
    }
    const other = new JobsWorld({ seed: 12 }).openPostings('greenhouse', 'airbnb', START);
    expect(other.map((posting) => posting.id)).not.toEqual(
      a.openPostings('greenhouse', 'airbnb', START).map((p) => p.id),
    );
  });

  it('sizes boards from 5 to 60 postings, any name answering, unless it is configured missing', () => {
    const world = new JobsWorld({ seed: 3, missingBoards: ['lever/closed-co', 'nobody'] });
    const sizes = [
      'stripe',
      'a',
      'zz-top',
      'acme-corp',
      'x1',
      'databricks',
      'q',
      'long-name-inc',
    ].map((tenant) => world.seatsFor('greenhouse', tenant));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(60);
    expect(new Set(sizes).size).toBeGreaterThan(3);
    expect(world.openPostings('greenhouse', 'zz-top', START).length).toBeGreaterThan(0);
    expect(world.boardExists('lever', 'closed-co')).toBe(false);
    expect(world.boardExists('greenhouse', 'closed-co')).toBe(true);
    for (const source of ATS_SOURCES) expect(world.boardExists(source, 'Nobody')).toBe(false);
    expect(world.openPostings('lever', 'closed-co', START)).toEqual([]);
  });

  it('opens, edits and closes postings as the clock moves, bumping updatedAt with each edit', () => {
    const world = new JobsWorld({
      seed: 5,
      lifetimeDays: [4, 12],
      boardSizes: { 'greenhouse/churn': 60 },
    });
    let appeared = 0;
    let closed = 0;
    const editedKinds = new Set<string>();
    let previous = byId(world.openPostings('greenhouse', 'churn', START));
    for (let day = 1; day <= 20; day++) {
      const at = START + day * DAY_MS;
      const current = byId(world.openPostings('greenhouse', 'churn', at));
      for (const [id, posting] of current) {
        const before = previous.get(id);
        if (!before) {
          appeared += 1;
          expect(posting.openedAt).toBeGreaterThan(at - DAY_MS);
          continue;
        }
        expect(posting.version).toBeGreaterThanOrEqual(before.version);
        if (posting.version === before.version) {
          expect(posting.content).toEqual(before.content);
          continue;
        }
        expect(posting.updatedAt).toBeGreaterThan(before.updatedAt);
        expect(posting.updatedAt).toBeLessThanOrEqual(at);
        const kind = posting.content.edits[posting.version - 2];
        if (kind) editedKinds.add(kind);
        if (posting.version === before.version + 1 && kind === 'title') {
          expect(posting.content.title).not.toBe(before.content.title);
        }
        if (posting.version === before.version + 1 && kind === 'location') {
          expect(posting.content.location).not.toEqual(before.content.location);
        }
        if (posting.version === before.version + 1 && kind === 'description') {
          expect(descriptionHtml(posting.content.description)).not.toBe(
            descriptionHtml(before.content.description),
          );
        }
      }
      for (const [id, posting] of previous) {
        if (!current.has(id)) {
          closed += 1;
          expect(posting.closesAt).toBeLessThanOrEqual(at);
        }
      }
      previous = current;
    }
    expect(appeared).toBeGreaterThan(30);
    expect(closed).toBeGreaterThan(30);
    expect(editedKinds).toEqual(new Set(['title', 'description', 'salary', 'location']));
  });

  it('copies ATS postings onto aggregators at about the configured rate, same company, title and location', () => {
    const world = new JobsWorld({ seed: 9, copyRate: 0.3 });
    const feed = [
      ...world.openPostings('himalayas', FEED_TENANT, START),
      ...world.openPostings('remoteok', FEED_TENANT, START),
    ];
    const copies = feed.filter((posting) => posting.copyOf !== null);
    // Some draws land between two postings of the chosen seat and stay originals.
    expect(copies.length / feed.length).toBeGreaterThan(0.15);
    expect(copies.length / feed.length).toBeLessThan(0.35);
    for (const copy of copies.slice(0, 20)) {
      const ref = copy.copyOf;
      if (!ref) throw new Error('not a copy');
      expect(KNOWN_BOARDS[ref.source]).toContain(ref.tenant);
      const original = world
        .openPostings(ref.source, ref.tenant, copy.openedAt)
        .find((posting) => posting.id === ref.id);
      expect(original?.version).toBe(ref.version);
      expect(copy.content.title).toBe(original?.content.title);
      expect(copy.content.company.name).toBe(original?.content.company.name);
      expect(copy.content.location).toEqual(original?.content.location);
    }
  });

  it('writes 1–6 KB descriptions naming real technologies in prose, lists and code', () => {
    const world = new JobsWorld({ seed: 21 });
    const postings = ['datadog', 'cloudflare', 'reddit', 'okta'].flatMap((tenant) =>
      world.openPostings('greenhouse', tenant, START),
    );
    expect(postings.length).toBeGreaterThan(40);
    for (const posting of postings) {
      const html = descriptionHtml(posting.content.description);
      expect(html.length).toBeGreaterThanOrEqual(1024);
      expect(html.length).toBeLessThan(6144 + 1500);
      expect(htmlToPlain(html)).not.toMatch(/<[a-z]/);
    }
    const technical = postings.filter((posting) => posting.content.family.technical);
    for (const posting of technical) {
      const html = descriptionHtml(posting.content.description);
      const names = posting.content.technologies.map((key) => TECHNOLOGIES[key].name);
      expect(
        names.some((name) => html.includes(`<strong>${name.replace(/&/g, '&amp;')}</strong>`)),
      ).toBe(true);
      expect(html).toMatch(/<li>[^<]*(<strong>|<code>)/);
    }
    expect(
      technical.some((posting) => descriptionHtml(posting.content.description).includes('<code>')),
    ).toBe(true);
  });

  it('states pay in every form the sources use: ranges, hourly, vague, unknown symbols, swapped', () => {
    const world = new JobsWorld({ seed: 4 });
    const postings = [...KNOWN_BOARDS.greenhouse, ...KNOWN_BOARDS.lever].flatMap((tenant) => [
      ...world.openPostings('greenhouse', tenant, START),
      ...world.openPostings('lever', tenant, START),
    ]);
    const salaries = postings.flatMap((posting) =>
      posting.content.salary ? [posting.content] : [],
    );
    expect(salaries.length / postings.length).toBeGreaterThan(0.4);
    expect(salaries.length / postings.length).toBeLessThan(0.7);
    const texts = salaries.map((content) => content.salaryText ?? '');
    expect(texts.some((text) => /^[$€£]\d+(\.\d)?k/.test(text))).toBe(true);
    expect(texts.some((text) => /\/hr|per hour|\/hour/.test(text))).toBe(true);
    expect(texts.some((text) => text.startsWith('¤'))).toBe(true);
    expect(texts.some((text) => /competitive|DOE|market rate/i.test(text))).toBe(true);
    expect(new Set(salaries.map((content) => content.salary?.currency)).size).toBeGreaterThan(4);
    expect(salaries.some((content) => content.salary?.swapped)).toBe(true);
    for (const content of salaries) {
      expect(content.salary?.min).toBeLessThan(content.salary?.max ?? 0);
    }
  });

  it('finds a SmartRecruiters posting from its id', () => {
    const world = new JobsWorld({ seed: 2 });
    for (const posting of world.openPostings('smartrecruiters', 'Visa', START).slice(0, 5)) {
      const slot = world.slotForSmartRecruitersId('Visa', posting.id);
      expect(slot).toEqual(posting.slot);
    }
    expect(world.slotForSmartRecruitersId('Visa', '12')).toBeUndefined();
  });
});

describe('boardSnapshot and greenhouseBoardJobs', () => {
  it('cuts exactly the number of postings asked for', () => {
    for (const postings of [1, 7, 300]) {
      const snapshot = [
        ...boardSnapshot({ seed: 1, source: 'lever', tenant: 'bench', at: START, postings }),
      ];
      expect(snapshot).toHaveLength(postings);
      expect(new Set(snapshot.map((posting) => posting.id)).size).toBe(postings);
    }
  });

  it('generates a 50,000-posting Greenhouse board with ~4 KB descriptions in seconds', () => {
    const started = process.hrtime.bigint();
    let count = 0;
    let htmlBytes = 0;
    const ids = new Set<number>();
    for (const job of greenhouseBoardJobs({
      seed: 1,
      tenant: 'bench',
      at: START,
      postings: 50_000,
      descriptionBytes: [3500, 4600],
    })) {
      count += 1;
      ids.add(job.id as number);
      htmlBytes += (job.content as string).length;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(count).toBe(50_000);
    expect(ids.size).toBe(50_000);
    // Escaped HTML: `<` becomes `&lt;`, so ~4 KB of HTML reads as ~5 KB here.
    expect(htmlBytes / count).toBeGreaterThan(4000);
    expect(htmlBytes / count).toBeLessThan(6500);
    // About 4 s on a loaded 2-core machine; a quadratic slip would take minutes.
    expect(seconds).toBeLessThan(25);
  }, 60_000);
});
