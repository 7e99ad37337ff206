import {
  badOf,
  listTenant,
  postingsOf,
  sourceConfig,
  stubFetch,
  testHttp,
} from '../../test/support/listing';
import { ADAPTERS } from './registry';

/**
 * Each adapter on an answer shaped like its real API's (field names, types and quirks as the
 * documentation and recorded responses show them), independent of the replay.
 */
const base = 'https://api.example';
const list = (
  source: keyof typeof ADAPTERS,
  routes: Record<string, unknown>,
  tenant: string | null = null,
  overrides = {},
) =>
  listTenant(ADAPTERS[source](sourceConfig(base, overrides)), tenant, testHttp(stubFetch(routes)));

describe('adapters on real-shaped answers', () => {
  it('Greenhouse: unescapes `content`, reads the pay range, checks meta.total', async () => {
    const { pages, end } = await list(
      'greenhouse',
      {
        '/v1/boards/acme/jobs': {
          jobs: [
            {
              absolute_url: 'https://job-boards.greenhouse.io/acme/jobs/4567?gh_src=abc',
              internal_job_id: 123,
              location: { name: 'Dublin, Ireland' },
              metadata: null,
              id: 4567,
              updated_at: '2026-02-03T10:11:12-05:00',
              requisition_id: 'R1',
              title: 'Data Engineer',
              company_name: 'Acme',
              first_published: '2026-01-20T09:00:00-05:00',
              content:
                '&lt;p&gt;We use &lt;strong&gt;Kafka&lt;/strong&gt; &amp;amp; dbt.&lt;/p&gt;&lt;div class=&quot;content-pay-transparency&quot;&gt;&lt;div class=&quot;pay-range&quot;&gt;&lt;span&gt;€70,000&lt;/span&gt;&lt;span class=&quot;divider&quot;&gt;&amp;mdash;&lt;/span&gt;&lt;span&gt;€90,000 EUR&lt;/span&gt;&lt;/div&gt;&lt;/div&gt;',
              departments: [{ id: 1, name: 'Data', child_ids: [], parent_id: null }],
              offices: [
                {
                  id: 2,
                  name: 'Dublin',
                  location: 'Dublin, Ireland',
                  child_ids: [],
                  parent_id: null,
                },
              ],
            },
          ],
          meta: { total: 1 },
        },
      },
      'acme',
    );
    expect(end.complete).toBe(true);
    const [posting] = postingsOf(pages);
    expect(posting).toMatchObject({
      nativeId: '4567',
      title: 'Data Engineer',
      company: 'Acme',
      locations: ['Dublin, Ireland'],
      tags: ['Data'],
      publishedAt: Date.parse('2026-01-20T14:00:00Z'),
      updatedAt: Date.parse('2026-02-03T15:11:12Z'),
      pay: { text: '€70,000—€90,000 EUR' },
    });
    expect(posting?.descriptionHtml).toContain('<p>We use <strong>Kafka</strong> &amp; dbt.</p>');
  });

  it('Greenhouse: a board whose jobs do not add up to meta.total is incomplete', async () => {
    const { end } = await list(
      'greenhouse',
      { '/v1/boards/acme/jobs': { jobs: [], meta: { total: 3 } } },
      'acme',
    );
    expect(end).toEqual({ complete: false, reason: 'board acme: 0 of 3 jobs' });
  });

  it('Lever: title from `text`, lists into the description, salaryRange with its interval', async () => {
    const { pages, end } = await list(
      'lever',
      {
        '/v0/postings/acme': [
          {
            id: '5ac21346-8e0c-4494-8e7a-3eb92ff77902',
            text: 'Senior Backend Engineer',
            categories: {
              commitment: 'Full-time',
              location: 'Remote - US',
              team: 'Platform',
              department: 'Engineering',
              allLocations: ['Remote - US'],
            },
            country: 'US',
            workplaceType: 'remote',
            createdAt: 1767225600000,
            description: '<div>About us</div>',
            descriptionPlain: 'About us',
            lists: [{ text: 'Requirements', content: '<li>Go</li><li>Postgres</li>' }],
            additional: '<div>Benefits</div>',
            hostedUrl:
              'https://jobs.lever.co/acme/5ac21346-8e0c-4494-8e7a-3eb92ff77902?lever-source=LinkedIn',
            applyUrl: 'https://jobs.lever.co/acme/5ac21346-8e0c-4494-8e7a-3eb92ff77902/apply',
            salaryRange: { currency: 'USD', interval: 'per-year-salary', min: 160000, max: 200000 },
          },
        ],
      },
      'acme',
    );
    expect(end.complete).toBe(true);
    expect(postingsOf(pages)[0]).toMatchObject({
      title: 'Senior Backend Engineer',
      company: null,
      workplace: 'remote',
      countryHints: ['US'],
      pay: { structured: { min: 160000, max: 200000, currency: 'USD', period: 'year' } },
      descriptionHtml:
        '<div>About us</div><h3>Requirements</h3><ul><li>Go</li><li>Postgres</li></ul><div>Benefits</div>',
    });
  });

  it('Ashby: compensation tiers, workplace type, unlisted jobs skipped', async () => {
    const job = {
      id: '8f2d3a4e-6b1c-4d5e-9f0a-1b2c3d4e5f60',
      title: 'ML Engineer',
      department: 'Research',
      team: 'Applied',
      employmentType: 'FullTime',
      location: 'London',
      secondaryLocations: [{ location: 'Remote (UK)' }],
      publishedAt: '2026-02-01T12:00:00.000+00:00',
      isListed: true,
      isRemote: false,
      workplaceType: 'Hybrid',
      address: { postalAddress: { addressCountry: 'GB' } },
      jobUrl: 'https://jobs.ashbyhq.com/acme/8f2d3a4e-6b1c-4d5e-9f0a-1b2c3d4e5f60',
      applyUrl: 'https://jobs.ashbyhq.com/acme/8f2d3a4e-6b1c-4d5e-9f0a-1b2c3d4e5f60/application',
      descriptionHtml: '<p>Train models</p>',
      descriptionPlain: 'Train models',
      compensation: {
        compensationTierSummary: '£90K – £120K',
        compensationTiers: [
          {
            components: [
              {
                compensationType: 'Salary',
                interval: '1 YEAR',
                currencyCode: 'GBP',
                minValue: 90000,
                maxValue: 120000,
              },
              {
                compensationType: 'EquityPercentage',
                interval: 'NONE',
                currencyCode: null,
                minValue: 0.01,
                maxValue: 0.1,
              },
            ],
          },
        ],
        summaryComponents: [],
      },
    };
    const { pages } = await list(
      'ashby',
      {
        '/posting-api/job-board/acme': {
          apiVersion: '1',
          jobs: [job, { ...job, id: 'hidden', isListed: false }],
        },
      },
      'acme',
    );
    const postings = postingsOf(pages);
    expect(postings).toHaveLength(1);
    expect(postings[0]).toMatchObject({
      workplace: 'hybrid',
      locations: ['London', 'Remote (UK)'],
      countryHints: ['GB'],
      employmentLabels: ['FullTime'],
      pay: { structured: { min: 90000, max: 120000, currency: 'GBP', period: 'year' } },
    });
  });

  it('SmartRecruiters: summaries paged, the description from the detail call', async () => {
    const summary = {
      id: '744000012345678',
      name: 'Site Reliability Engineer',
      uuid: 'b5d2c9a0-0000-4000-8000-000000000001',
      refNumber: 'REF1',
      company: { identifier: 'Acme', name: 'Acme GmbH' },
      releasedDate: '2026-02-10T08:30:00.000Z',
      location: {
        city: 'Berlin',
        region: 'BE',
        country: 'de',
        remote: false,
        hybrid: true,
        fullLocation: 'Berlin, BE, Germany',
      },
      typeOfEmployment: { id: 'permanent', label: 'Full-time' },
      experienceLevel: { id: 'mid_senior_level', label: 'Mid-Senior Level' },
      department: { id: '1', label: 'IT' },
    };
    const { pages, end } = await list(
      'smartrecruiters',
      {
        '/postings/744000012345678': {
          ...summary,
          postingUrl:
            'https://jobs.smartrecruiters.com/Acme/744000012345678-site-reliability-engineer',
          applyUrl:
            'https://jobs.smartrecruiters.com/Acme/744000012345678-site-reliability-engineer?oga=true',
          jobAd: {
            sections: {
              companyDescription: { title: 'Company Description', text: '<p>Acme</p>' },
              jobDescription: { title: 'Job Description', text: '<p>Run Kubernetes</p>' },
              qualifications: { title: 'Qualifications', text: '<ul><li>Terraform</li></ul>' },
              additionalInformation: { title: 'Additional Information', text: '' },
            },
          },
        },
        '/v1/companies/Acme/postings': { offset: 0, limit: 100, totalFound: 1, content: [summary] },
      },
      'Acme',
    );
    expect(end.complete).toBe(true);
    expect(postingsOf(pages)[0]).toMatchObject({
      company: 'Acme GmbH',
      workplace: 'hybrid',
      countryHints: ['de'],
      seniorityLabels: ['Mid-Senior Level'],
      url: 'https://jobs.smartrecruiters.com/Acme/744000012345678-site-reliability-engineer',
    });
    expect(postingsOf(pages)[0]?.descriptionHtml).toContain(
      '<h2>Job Description</h2><p>Run Kubernetes</p>',
    );
  });

  it('Remotive: the legal notice is no job; publication_date without a zone is UTC; salary is text', async () => {
    const { pages } = await list('remotive', {
      '/api/remote-jobs': {
        '0-legal-notice': 'Remotive API Legal Notice …',
        'job-count': 1,
        'total-job-count': 1,
        jobs: [
          {
            id: 1931234,
            url: 'https://remotive.com/remote-jobs/software-dev/senior-rust-engineer-1931234',
            title: 'Senior Rust Engineer',
            company_name: 'Ferrous',
            company_logo: 'https://remotive.com/job/1931234/logo',
            category: 'Software Development',
            tags: ['rust', 'tokio'],
            job_type: 'full_time',
            publication_date: '2026-02-20T13:45:10',
            candidate_required_location: 'Europe',
            salary: '€80k - €100k',
            description: '<p>Rust all day</p>',
          },
        ],
      },
    });
    expect(postingsOf(pages)).toMatchObject([
      {
        nativeId: '1931234',
        publishedAt: Date.parse('2026-02-20T13:45:10Z'),
        pay: { text: '€80k - €100k' },
        workplace: 'remote',
        tags: ['Software Development', 'rust', 'tokio'],
      },
    ]);
  });

  it('RemoteOK: element 0 is the legal notice, not a job; salary 0 means none', async () => {
    const { pages } = await list('remoteok', {
      '/api': [
        {
          last_updated: 1771000000,
          legal:
            'API Terms of Service: Please link back to the URL on Remote OK and mention Remote OK as a source …',
        },
        {
          slug: 'remote-senior-data-engineer-acme-1091234',
          id: '1091234',
          epoch: 1771000000,
          date: '2026-02-13T16:26:40+00:00',
          company: 'Acme',
          company_logo: '',
          position: 'Senior Data Engineer',
          tags: ['data', 'python'],
          logo: '',
          description: '<p>Spark</p>',
          location: 'Worldwide',
          salary_min: 0,
          salary_max: 0,
          apply_url:
            'https://remoteOK.com/remote-jobs/remote-senior-data-engineer-acme-1091234?ref=apply',
          url: 'https://remoteOK.com/remote-jobs/remote-senior-data-engineer-acme-1091234',
        },
        {
          slug: 'x',
          id: '1091235',
          epoch: 1771000100,
          date: '2026-02-13T16:28:20+00:00',
          company: 'Beta',
          position: 'Go Developer',
          tags: [],
          description: '<p>Go</p>',
          location: 'USA',
          salary_min: 90000,
          salary_max: 120000,
          url: 'https://remoteOK.com/remote-jobs/x',
        },
      ],
    });
    const postings = postingsOf(pages);
    expect(postings.map((posting) => posting.nativeId)).toEqual(['1091234', '1091235']);
    expect(postings[0]?.pay).toBeNull();
    expect(postings[1]?.pay).toEqual({
      structured: { min: 90000, max: 120000, currency: 'USD', period: 'year' },
    });
    expect(badOf(pages)).toEqual([]);
  });

  it('Arbeitnow: follows links.next to the last page; created_at in Unix seconds', async () => {
    const job = (slug: string) => ({
      slug,
      company_name: 'Beispiel GmbH',
      title: 'Backend Entwickler (m/w/d)',
      description: '<p>PHP</p>',
      remote: false,
      url: `https://www.arbeitnow.com/jobs/companies/beispiel/${slug}`,
      tags: ['IT'],
      job_types: ['Full Time', 'Berufseinsteiger'],
      location: 'Berlin',
      created_at: 1771000000,
    });
    const { pages, end } = await list('arbeitnow', {
      'page=1': {
        data: [job('a-1')],
        links: { next: 'https://www.arbeitnow.com/api/job-board-api?page=2' },
        meta: {},
      },
      'page=2': { data: [job('b-2')], links: { next: null }, meta: {} },
    });
    expect(end.complete).toBe(true);
    expect(postingsOf(pages).map((posting) => posting.nativeId)).toEqual(['a-1', 'b-2']);
    expect(postingsOf(pages)[0]?.publishedAt).toBe(1771000000000);
  });

  it('Jobicy: the real v2 feed (annualSalaryMin as text, pubDate without T) and a full answer closing nothing', async () => {
    const job = (id: number) => ({
      id,
      url: `https://jobicy.com/jobs/${id}-manager-digital-marketing`,
      jobSlug: `${id}-manager-digital-marketing`,
      jobTitle: 'Manager - Digital Marketing',
      companyName: 'CrossFit',
      jobIndustry: ['Marketing &amp; Sales'],
      jobType: ['full-time'],
      jobGeo: 'USA',
      jobLevel: 'Any',
      jobExcerpt: 'CrossFit is looking…',
      jobDescription: '<p>Email campaigns</p>',
      pubDate: '2024-12-01 04:10:21',
      annualSalaryMin: '90000',
      annualSalaryMax: '110000',
      salaryCurrency: 'USD',
    });
    const short = await list('jobicy', {
      '/api/v2/remote-jobs': { apiVersion: '2.0', jobCount: 1, jobs: [job(111984)] },
    });
    expect(short.end.complete).toBe(true);
    expect(postingsOf(short.pages)[0]).toMatchObject({
      publishedAt: Date.parse('2024-12-01T04:10:21Z'),
      pay: { structured: { min: 90000, max: 110000, currency: 'USD', period: 'year' } },
    });
    const full = await list(
      'jobicy',
      { '/api/v2/remote-jobs': { jobs: Array.from({ length: 3 }, (_, index) => job(index + 1)) } },
      null,
      { pageSize: 3 },
    );
    expect(full.end).toEqual({ complete: false, reason: null, incremental: true });
  });

  it('Himalayas: pages by offset up to totalCount; locationRestrictions as names or {name, alpha2}', async () => {
    const job = (guid: string, restrictions: unknown[]) => ({
      title: 'Platform Engineer',
      excerpt: '…',
      companyName: 'Acme',
      companySlug: 'acme',
      employmentType: 'Full Time',
      minSalary: 100000,
      maxSalary: 130000,
      seniority: ['Senior'],
      currency: 'USD',
      locationRestrictions: restrictions,
      timezoneRestrictions: [-5],
      categories: ['DevOps'],
      parentCategories: ['Engineering'],
      description: '<p>Kubernetes</p>',
      pubDate: 1771000000000,
      expiryDate: 1773600000000,
      applicationLink: `https://himalayas.app/companies/acme/jobs/${guid}`,
      guid: `https://himalayas.app/companies/acme/jobs/${guid}`,
    });
    const { pages, end } = await list(
      'himalayas',
      {
        'offset=0': {
          offset: 0,
          limit: 1,
          totalCount: 2,
          jobs: [job('a', [{ name: 'Brazil', alpha2: 'BR' }])],
        },
        'offset=1': { offset: 1, limit: 1, totalCount: 2, jobs: [job('b', ['Mexico'])] },
      },
      null,
      { pageSize: 1 },
    );
    expect(end.complete).toBe(true);
    expect(pages).toHaveLength(2);
    expect(postingsOf(pages)[0]).toMatchObject({
      locations: ['Brazil'],
      countryHints: ['BR'],
      seniorityLabels: ['Senior'],
    });
    expect(postingsOf(pages)[1]).toMatchObject({ locations: ['Mexico'], countryHints: [] });
  });

  it('HN: only top-level comments of the thread are posts; a comment without its text is dead-lettered', async () => {
    const hit = (id: number, parent: number, text?: string) => ({
      _tags: ['comment', `story_47000000`],
      author: 'someone',
      children: [],
      created_at: '2026-03-02T16:10:00Z',
      created_at_i: 1772467800 + (id % 100),
      objectID: String(id),
      parent_id: parent,
      story_id: 47000000,
      ...(text === undefined ? {} : { comment_text: text }),
    });
    const { pages, end } = await list(
      'hn-whoishiring',
      {
        search_by_date: {
          hits: [
            hit(47000010, 47000000, 'Acme | Senior Rust Engineer | REMOTE (EU) | €90k-110k'),
            hit(47000011, 47000010, 'Is this open to candidates in Canada?'),
            hit(47000012, 47000000),
          ],
          nbHits: 3,
          nbPages: 1,
          page: 0,
          hitsPerPage: 500,
        },
      },
      '47000000',
    );
    expect(postingsOf(pages)).toMatchObject([
      {
        nativeId: '47000010',
        company: 'Acme',
        title: 'Senior Rust Engineer',
        url: 'https://news.ycombinator.com/item?id=47000010',
        pay: { text: '€90k-110k' },
      },
    ]);
    expect(badOf(pages)).toMatchObject([{ nativeId: '47000012', reason: 'schema_drift' }]);
    expect(end).toMatchObject({ incremental: true, cursor: 1772467812 });
  });
});
