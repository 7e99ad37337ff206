import { z } from 'zod';
import { DEFAULT_POLITENESS, type PolitenessConfig } from './politeness';

/** Extra latency for every request whose path matches `path` (`*` matches anything). */
export const SlowPath = z.object({
  path: z.string().min(1),
  ms: z.number().int().nonnegative().max(600_000),
});
export type SlowPath = z.infer<typeof SlowPath>;

/** What decides which requests share a rate limit: the address, or the address and User-Agent. */
export const ClientKey = z.enum(['ip', 'ip+user-agent']);
export type ClientKey = z.infer<typeof ClientKey>;

/** Everything about the site's behaviour that the control API can change while it runs. */
export interface SiteConfig {
  politeness: PolitenessConfig;
  /** Added to every answer (not to control requests). */
  latencyMs: number;
  slowPaths: SlowPath[];
  clientKey: ClientKey;
}

/** `POST /_control/config`: any subset; nested politeness fields may be given one by one. */
export const SiteConfigPatch = z
  .object({
    politeness: z
      .object({
        enabled: z.boolean(),
        requestsPerMinute: z.number().int().positive(),
        blockS: z.number().positive(),
        maxBlockS: z.number().positive(),
        crawlDelayS: z.number().nonnegative(),
      })
      .partial()
      .strict(),
    latencyMs: z.number().int().nonnegative().max(600_000),
    slowPaths: z.array(SlowPath),
    clientKey: ClientKey,
  })
  .partial()
  .strict();
export type SiteConfigPatch = z.infer<typeof SiteConfigPatch>;

export function defaultSiteConfig(): SiteConfig {
  return { politeness: { ...DEFAULT_POLITENESS }, latencyMs: 0, slowPaths: [], clientKey: 'ip' };
}

export function applyConfigPatch(config: SiteConfig, patch: SiteConfigPatch): SiteConfig {
  return {
    politeness: { ...config.politeness, ...patch.politeness },
    latencyMs: patch.latencyMs ?? config.latencyMs,
    slowPaths: patch.slowPaths ?? config.slowPaths,
    clientKey: patch.clientKey ?? config.clientKey,
  };
}
