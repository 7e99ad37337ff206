import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { issueLines, JOB_SOURCES, type JobSource } from '@tributary/schemas';

const RequestLimit = z.object({
  count: z.number().int().positive(),
  windowS: z.number().positive(),
});

/** One source in the sources config: where, when, how politely, which boards. */
export const SourceConfig = z
  .object({
    enabled: z.boolean().default(true),
    /** The API's base URL (SOURCE_BASE_URLS overrides it, e.g. to the local replay). */
    baseUrl: z.url(),
    /** The state-topic partition this source's state lives in: its unit of ownership. */
    statePartition: z.number().int().nonnegative(),
    /** When runs are due: a cron expression with seconds (`0 *\/15 * * * *`). */
    schedule: z.string().min(1),
    /** No two runs start closer than this, across restarts and instances (the source's daily budget). */
    minRunIntervalS: z.number().nonnegative(),
    request: z.object({
      delayMs: z.number().int().nonnegative(),
      jitterMs: z.number().int().nonnegative().default(0),
      maxAttempts: z.number().int().min(1).max(10).default(3),
      /** The source's documented limits, each kept as a sliding window. */
      limits: z.array(RequestLimit).default([]),
    }),
    /** Boards, sites or companies on multi-tenant sources. */
    tenants: z.array(z.string().min(1)).default([]),
    maxPages: z.number().int().positive().default(50),
    pageSize: z.number().int().positive().optional(),
    /** Name the source's terms ask to credit next to the link back; null when none is asked. */
    attribution: z.string().min(1).nullable().default(null),
    /** SmartRecruiters: re-read a posting's details at least this often even if its summary is unchanged. */
    detailRefreshHours: z.number().positive().default(24),
    /** HN: how many of the latest monthly "Who is hiring?" threads to follow. */
    threads: z.number().int().positive().default(1),
    /** Where the source's terms are (documentation only). */
    terms: z.string().optional(),
  })
  .strict();
export type SourceConfig = z.infer<typeof SourceConfig>;

/** The versioned file of sources (`config/sources.json` ships with the app; users may pass their own). */
export const SourcesFile = z
  .object({
    version: z.string().min(1),
    sources: z.partialRecord(z.enum(JOB_SOURCES), SourceConfig),
  })
  .strict()
  .superRefine((file, context) => {
    const owners = new Map<number, string>();
    for (const [name, source] of Object.entries(file.sources)) {
      const other = owners.get(source.statePartition);
      if (other) {
        context.addIssue({
          code: 'custom',
          path: ['sources', name, 'statePartition'],
          message: `partition ${source.statePartition} is already ${other}'s: each source owns its own`,
        });
      }
      owners.set(source.statePartition, name);
    }
  });
export type SourcesFile = z.infer<typeof SourcesFile>;

/** The config file shipped with the app. */
export const DEFAULT_SOURCES_FILE = join(__dirname, '..', '..', 'config', 'sources.json');

export class SourcesFileError extends Error {}

export function parseSourcesFile(json: unknown, origin: string): SourcesFile {
  const parsed = SourcesFile.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = issueLines(parsed.error);
  throw new SourcesFileError(
    `${origin} is not a valid sources config:\n  - ${issues.join('\n  - ')}`,
  );
}

export function loadSourcesFile(path: string): SourcesFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SourcesFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    throw new SourcesFileError(`${path} is not JSON: ${(error as Error).message}`);
  }
  return parseSourcesFile(json, path);
}

/** The enabled sources in file order. */
export function enabledSources(file: SourcesFile): [JobSource, SourceConfig][] {
  return (Object.entries(file.sources) as [JobSource, SourceConfig][]).filter(
    ([, source]) => source.enabled,
  );
}
