import { HnWorld } from '@tributary/jobs-replay';
import { HtmlText } from '../normalize/html-text';
import { parseSalaryText } from '../normalize/salary';
import { HnCommentParser, type HnParse } from './hn-comment-parser';

const parser = new HnCommentParser();
const job = (parse: HnParse) => {
  if (parse.kind !== 'job') throw new Error(`expected a job, got ${JSON.stringify(parse)}`);
  return parse;
};

describe('HnCommentParser on comments written the way people write them', () => {
  it('reads a pipe-separated header: company, title, location, salary, type, link', () => {
    const parsed = job(
      parser.parse(
        'Acme Robotics | Senior Backend Engineer | Berlin, Germany or REMOTE (EU) | Full-time | €90k–110k | <a href="https:&#x2F;&#x2F;acme.example&#x2F;careers" rel="nofollow">https:&#x2F;&#x2F;acme.example&#x2F;careers</a><p>We build fleet software in Rust and Postgres.',
      ),
    );
    expect(parsed).toEqual({
      kind: 'job',
      company: 'Acme Robotics',
      url: 'https://acme.example/careers',
      roles: [
        {
          title: 'Senior Backend Engineer',
          location: 'Berlin, Germany or REMOTE (EU)',
          salary: '€90k–110k',
          employment: 'Full-time',
        },
      ],
      notes: [],
    });
  });

  it('reads the fields in another order, a YC batch after the company and a link in parentheses', () => {
    const parsed = job(
      parser.parse(
        'Tidewater (YC W24) (<a href="https://tidewater.example/jobs">https://tidewater.example/jobs</a>) | ONSITE (New York, NY) | Founding Engineer | $150-180k + equity',
      ),
    );
    expect(parsed.company).toBe('Tidewater');
    expect(parsed.url).toBe('https://tidewater.example/jobs');
    expect(parsed.roles[0]).toMatchObject({
      title: 'Founding Engineer',
      location: 'ONSITE (New York, NY)',
      salary: '$150-180k + equity',
    });
    expect(parseSalaryText(parsed.roles[0]?.salary ?? '').salary).toMatchObject({
      min: 150_000,
      max: 180_000,
      currency: 'USD',
    });
  });

  it('reads the sentence form', () => {
    const parsed = job(
      parser.parse(
        'Quanta Labs is hiring a Data Engineer (Remote, US), $140k - $170k.<p>Details...',
      ),
    );
    expect(parsed.company).toBe('Quanta Labs');
    expect(parsed.roles).toEqual([
      { title: 'Data Engineer', location: 'Remote, US', salary: '$140k - $170k', employment: null },
    ]);
  });

  it('reads one role per line for several roles, the header location for roles without one', () => {
    const parsed = job(
      parser.parse(
        'Northwind | London, UK (Hybrid) | Multiple roles | https://northwind.example/jobs<p>We make logistics software.<p>- Staff Data Engineer (£95k - £115k)<p>- Product Designer - Remote (UK)<p>- ML Engineer',
      ),
    );
    expect(parsed.roles).toEqual([
      {
        title: 'Staff Data Engineer',
        location: 'London, UK (Hybrid)',
        salary: '£95k - £115k',
        employment: null,
      },
      { title: 'Product Designer', location: 'Remote (UK)', salary: null, employment: null },
      { title: 'ML Engineer', location: 'London, UK (Hybrid)', salary: null, employment: null },
    ]);
  });

  it('says what it could not read', () => {
    const parsed = job(parser.parse('Acme | Backend Engineer | Series B | Visa sponsorship'));
    expect(parsed.notes).toEqual([
      'unread header field "Series B"',
      'unread header field "Visa sponsorship"',
      'no location in the header',
    ]);
    const untitled = parser.parse('Acme | Berlin, Germany | €80k');
    expect(untitled).toEqual({
      kind: 'unparseable',
      company: 'Acme',
      notes: ['no job title in the header'],
    });
  });

  it('is no job post without a header of fields', () => {
    expect(
      parser.parse(
        'Is anyone hiring for junior roles in Europe this month? Feels like everything is senior-only.',
      ),
    ).toEqual({ kind: 'not-a-job', reason: 'no header of fields' });
  });
});

describe('HnCommentParser against the replay’s generated threads and their truth', () => {
  const world = new HnWorld(11, { hiringComments: 300 }, { year: 2026, month: 0 });
  const month = world.month(2026, 1);
  const jobs = month.comments.filter(
    (comment) => comment.job !== null && comment.parentId === comment.storyId,
  );

  it('finds the company and every role title of nearly every job comment', () => {
    expect(jobs.length).toBeGreaterThan(150);
    let companies = 0;
    let titles = 0;
    let roles = 0;
    for (const comment of jobs) {
      const truth = comment.job!;
      const parsed = parser.parse(comment.text);
      roles += truth.roles.length;
      if (parsed.kind !== 'job') continue;
      if (parsed.company === truth.company) companies += 1;
      for (const role of truth.roles) {
        if (parsed.roles.some((found) => found.title === role.title)) titles += 1;
      }
    }
    expect(companies / jobs.length).toBeGreaterThanOrEqual(0.95);
    expect(titles / roles).toBeGreaterThanOrEqual(0.9);
  });

  it('finds the salary of nearly every role whose comment states one', () => {
    const text = new HtmlText();
    let stated = 0;
    let found = 0;
    for (const comment of jobs) {
      const parsed = parser.parse(comment.text);
      if (parsed.kind !== 'job') continue;
      const plain = text.convert(comment.text);
      for (const role of comment.job!.roles) {
        // The truth knows a salary some comment styles leave out.
        if (!role.salary || !plain.includes(role.salary)) continue;
        stated += 1;
        if (
          parsed.roles.some(
            (candidate) => candidate.title === role.title && candidate.salary === role.salary,
          )
        ) {
          found += 1;
        }
      }
    }
    expect(stated).toBeGreaterThan(50);
    expect(found / stated).toBeGreaterThanOrEqual(0.85);
  });

  it('reads none of the other top-level comments as a job', () => {
    const others = month.comments.filter(
      (comment) => comment.thread === 'hiring' && comment.kind === 'meta',
    );
    expect(others.length).toBeGreaterThan(0);
    for (const comment of others) expect(parser.parse(comment.text).kind).not.toBe('job');
  });
});
