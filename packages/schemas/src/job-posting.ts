import { z } from 'zod';

export const JOB_SOURCES = [
  'remotive',
  'arbeitnow',
  'remoteok',
  'jobicy',
  'himalayas',
  'themuse',
  'hn-whoishiring',
] as const;

/** A posting normalized from any job source; keyed `source:source_id`. */
export const JobPosting = z.object({
  source: z.enum(JOB_SOURCES),
  source_id: z.string().min(1),
  title: z.string().min(1),
  company: z.string().nullable(),
  locations: z.array(z.string()),
  remote: z.boolean().nullable(),
  salary: z
    .object({
      min: z.number().nonnegative().nullable(),
      max: z.number().nonnegative().nullable(),
      currency: z.string().length(3).nullable(),
      period: z.enum(['hour', 'day', 'week', 'month', 'year']).nullable(),
    })
    .nullable(),
  tags: z.array(z.string()),
  url: z.url(),
  apply_url: z.url().nullable(),
  published_at: z.iso.datetime({ offset: true }),
  description_text: z.string(),
  description_html: z.string().nullable(),
  tech_keywords: z.array(z.string()),
  attribution: z.string().nullable(),
});
export type JobPosting = z.infer<typeof JobPosting>;
