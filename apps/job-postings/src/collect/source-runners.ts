import type { KeywordMatcher } from '@tributary/keywords';
import type { Logger } from '@tributary/runtime';
import type { JobSource } from '@tributary/schemas';
import { ADAPTERS } from '../adapters/registry';
import type { JobPostingsConfig } from '../config/env';
import { enabledSources } from '../config/sources-config';
import { Pacer } from '../http/pacer';
import { SourceHttp } from '../http/source-http';
import type { JobTopics } from '../kafka/job-topics';
import type { JobPostingsMetrics } from '../metrics';
import { PostingNormalizer } from '../normalize/posting-normalizer';
import type { DuplicateIndex } from '../tracking/duplicate-index';
import { CollectionRun } from './collection-run';
import { SourceRunner } from './source-runner';

/** The runners of every enabled source, keyed by source. */
export type SourceRunners = ReadonlyMap<JobSource, SourceRunner>;
export const SOURCE_RUNNERS = Symbol('SOURCE_RUNNERS');

export function createSourceRunners(
  config: JobPostingsConfig,
  matcher: KeywordMatcher,
  duplicates: DuplicateIndex,
  topics: JobTopics,
  metrics: JobPostingsMetrics,
  logger: Logger,
): SourceRunners {
  const attribution = new Map(
    Object.entries(config.sources.sources).map(([name, source]) => [name, source.attribution]),
  );
  const runners = new Map<JobSource, SourceRunner>();
  for (const [source, sourceConfig] of enabledSources(config.sources)) {
    const pacer = new Pacer({
      delayMs: sourceConfig.request.delayMs,
      jitterMs: sourceConfig.request.jitterMs,
      limits: sourceConfig.request.limits,
    });
    const http = new SourceHttp(
      source,
      pacer,
      {
        userAgent: config.http.userAgent,
        timeoutMs: config.http.timeoutMs,
        maxAttempts: sourceConfig.request.maxAttempts,
        retryAfterMaxMs: config.http.retryAfterMaxMs,
        backoff: { initialMs: Math.max(500, sourceConfig.request.delayMs), maxMs: 60_000 },
      },
      (outcome, seconds) => {
        metrics.requests.inc({ source, outcome });
        metrics.fetchDuration.observe({ source }, seconds);
      },
      logger,
    );
    const normalizer = new PostingNormalizer(matcher, {
      descriptionTextMaxChars: config.description.textMaxChars,
      descriptionHtmlMaxChars: config.description.htmlMaxChars,
      attribution: (name) => attribution.get(name) ?? null,
    });
    const run = new CollectionRun({
      source,
      adapter: ADAPTERS[source](sourceConfig),
      http,
      normalizer,
      duplicates,
      topics,
      metrics,
      logger,
      owner: config.instanceId,
      tracker: { seenRefreshMs: config.seenRefreshMs },
      closedRetentionMs: config.closedRetentionMs,
    });
    runners.set(source, new SourceRunner(source, sourceConfig, run, pacer, metrics, logger));
  }
  return runners;
}
