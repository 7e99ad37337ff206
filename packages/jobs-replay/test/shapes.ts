import { z } from 'zod';

/**
 * The upstream shapes as documented (and as recorded responses in public code show them), written
 * independently of the renderers so a renderer that drifts from the real API fails these tests.
 */
const isoOffset = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?[+-]\d{2}:\d{2}$/);

export const GreenhouseJob = z.object({
  id: z.number().int(),
  internal_job_id: z.number().int(),
  title: z.string().min(1),
  updated_at: isoOffset,
  first_published: isoOffset,
  requisition_id: z.string().nullable(),
  location: z.object({ name: z.string().min(1) }),
  absolute_url: z.url(),
  company_name: z.string().min(1),
  language: z.string(),
  metadata: z
    .array(
      z.object({ id: z.number(), name: z.string(), value: z.unknown(), value_type: z.string() }),
    )
    .nullable(),
  data_compliance: z.array(z.object({ type: z.string(), requires_consent: z.boolean() })),
});

export const GreenhouseJobWithContent = GreenhouseJob.extend({
  content: z.string().min(1),
  departments: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      parent_id: z.number().nullable(),
      child_ids: z.array(z.number()),
    }),
  ),
  offices: z.array(z.object({ id: z.number(), name: z.string(), location: z.string().nullable() })),
});

export const GreenhouseBoard = z.object({
  jobs: z.array(GreenhouseJobWithContent),
  meta: z.object({ total: z.number().int() }),
});

export const LeverPosting = z.object({
  id: z.uuid(),
  text: z.string().min(1),
  categories: z.object({
    location: z.string(),
    commitment: z.string(),
    team: z.string(),
    department: z.string(),
    allLocations: z.array(z.string()),
  }),
  workplaceType: z.enum(['on-site', 'remote', 'hybrid', 'unspecified']),
  createdAt: z.number().int(),
  hostedUrl: z.url(),
  applyUrl: z.url(),
  description: z.string(),
  descriptionPlain: z.string(),
  lists: z.array(z.object({ text: z.string(), content: z.string() })),
  additional: z.string(),
  additionalPlain: z.string(),
  salaryRange: z
    .object({
      currency: z.string().length(3),
      interval: z.enum(['per-year-salary', 'per-month-salary', 'per-day-wage', 'per-hour-wage']),
      min: z.number(),
      max: z.number(),
    })
    .optional(),
});

const AshbyComponent = z.object({
  id: z.string(),
  summary: z.string(),
  compensationType: z.string(),
  interval: z.string(),
  currencyCode: z.string().nullable(),
  minValue: z.number().nullable(),
  maxValue: z.number().nullable(),
});

export const AshbyJob = z.object({
  id: z.uuid(),
  title: z.string().min(1),
  location: z.string().min(1),
  secondaryLocations: z.array(
    z.object({ location: z.string(), address: z.object({ addressLocality: z.string() }) }),
  ),
  department: z.string(),
  team: z.string(),
  isRemote: z.boolean(),
  isListed: z.boolean(),
  workplaceType: z.enum(['OnSite', 'Remote', 'Hybrid']),
  employmentType: z.enum(['FullTime', 'PartTime', 'Intern', 'Contract', 'Temporary']),
  publishedAt: isoOffset,
  jobUrl: z.url(),
  applyUrl: z.url(),
  descriptionHtml: z.string().min(1),
  descriptionPlain: z.string().min(1),
  compensation: z
    .object({
      compensationTierSummary: z.string().nullable(),
      compensationTiers: z.array(z.object({ id: z.string(), components: z.array(AshbyComponent) })),
    })
    .optional(),
});

export const SmartRecruitersSummary = z.object({
  id: z.string().regex(/^\d{15,16}$/),
  name: z.string().min(1),
  uuid: z.uuid(),
  refNumber: z.string(),
  company: z.object({ identifier: z.string(), name: z.string() }),
  releasedDate: z.iso.datetime(),
  location: z.object({ city: z.string(), country: z.string().length(2), remote: z.boolean() }),
  typeOfEmployment: z.object({ label: z.string() }),
  experienceLevel: z.object({ id: z.string(), label: z.string() }),
  ref: z.url(),
});

const Section = z.object({ title: z.string(), text: z.string() });
export const SmartRecruitersDetail = SmartRecruitersSummary.extend({
  postingUrl: z.url(),
  applyUrl: z.url(),
  jobAd: z.object({
    sections: z.object({
      companyDescription: Section,
      jobDescription: Section,
      qualifications: Section,
      additionalInformation: Section,
    }),
  }),
});

export const SmartRecruitersPage = z.object({
  offset: z.number().int(),
  limit: z.number().int(),
  totalFound: z.number().int(),
  content: z.array(SmartRecruitersSummary),
});

export const RemotiveResponse = z.object({
  '0-legal-notice': z.string().min(1),
  'job-count': z.number().int(),
  jobs: z.array(
    z.object({
      id: z.number().int(),
      url: z.url(),
      title: z.string(),
      company_name: z.string(),
      category: z.string(),
      tags: z.array(z.string()),
      job_type: z.string(),
      // Remotive sends no time zone.
      publication_date: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
      candidate_required_location: z.string(),
      salary: z.string(),
      description: z.string().min(1),
    }),
  ),
});

export const RemoteOkNotice = z
  .object({ legal: z.string().min(1), last_updated: z.number().int() })
  .strict();
export const RemoteOkJob = z.object({
  id: z.string().regex(/^\d+$/),
  slug: z.string(),
  epoch: z.number().int(),
  date: isoOffset,
  company: z.string(),
  position: z.string(),
  tags: z.array(z.string()),
  description: z.string(),
  location: z.string(),
  salary_min: z.number().int().nonnegative(),
  salary_max: z.number().int().nonnegative(),
  url: z.url(),
  apply_url: z.url(),
});

export const ArbeitnowPage = z.object({
  data: z.array(
    z.object({
      slug: z.string().min(1),
      company_name: z.string(),
      title: z.string(),
      description: z.string(),
      remote: z.boolean(),
      url: z.url(),
      tags: z.array(z.string()),
      job_types: z.array(z.string()),
      location: z.string(),
      created_at: z.number().int(),
    }),
  ),
  links: z.object({
    first: z.url(),
    last: z.null(),
    prev: z.url().nullable(),
    next: z.url().nullable(),
  }),
  meta: z.object({ current_page: z.number().int(), per_page: z.number().int() }),
});

export const JobicyResponse = z.object({
  apiVersion: z.string(),
  documentationUrl: z.url(),
  friendlyNotice: z.string(),
  jobCount: z.number().int(),
  jobs: z.array(
    z.object({
      id: z.number().int(),
      url: z.url(),
      jobSlug: z.string(),
      jobTitle: z.string(),
      companyName: z.string(),
      jobIndustry: z.array(z.string()),
      jobType: z.array(z.string()),
      jobGeo: z.string(),
      jobLevel: z.string(),
      jobExcerpt: z.string(),
      jobDescription: z.string(),
      pubDate: isoOffset,
      salaryMin: z.number().optional(),
      salaryMax: z.number().optional(),
      salaryCurrency: z.string().optional(),
      salaryPeriod: z.enum(['yearly', 'monthly', 'daily', 'hourly']).optional(),
    }),
  ),
});

export const HimalayasResponse = z.object({
  offset: z.number().int(),
  limit: z.number().int(),
  totalCount: z.number().int(),
  jobs: z.array(
    z.object({
      title: z.string(),
      excerpt: z.string(),
      companyName: z.string(),
      companySlug: z.string(),
      employmentType: z.string(),
      minSalary: z.number().nullable(),
      maxSalary: z.number().nullable(),
      currency: z.string(),
      seniority: z.array(z.string()),
      locationRestrictions: z.array(z.string()),
      timezoneRestrictions: z.array(z.number()),
      categories: z.array(z.string()),
      description: z.string(),
      pubDate: z.number().int(),
      expiryDate: z.number().int(),
      applicationLink: z.url(),
      guid: z.string().min(1),
    }),
  ),
});

export const AlgoliaHit = z.object({
  objectID: z.string().regex(/^\d+$/),
  author: z.string(),
  created_at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
  created_at_i: z.number().int(),
  _tags: z.array(z.string()),
  story_id: z.number().int(),
  title: z.string().optional(),
  comment_text: z.string().optional(),
  parent_id: z.number().int().optional(),
  story_title: z.string().optional(),
  num_comments: z.number().int().optional(),
});

export const AlgoliaResponse = z.object({
  hits: z.array(AlgoliaHit),
  nbHits: z.number().int(),
  page: z.number().int(),
  nbPages: z.number().int(),
  hitsPerPage: z.number().int(),
});

export interface HnItemTree {
  id: number;
  type: string;
  author: string;
  text: string | null;
  parent_id: number | null;
  story_id: number;
  children: HnItemTree[];
}
