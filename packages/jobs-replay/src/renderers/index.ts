import type { PostingSource } from '../sources';
import { handleArbeitnow } from './arbeitnow';
import { handleAshby } from './ashby';
import { handleGreenhouse } from './greenhouse';
import { handleHimalayas } from './himalayas';
import { handleJobicy } from './jobicy';
import { handleLever } from './lever';
import { handleRemoteOk } from './remoteok';
import { handleRemotive } from './remotive';
import { handleSmartRecruiters } from './smartrecruiters';
import type { SourceHandler } from './types';

/** The API of every source whose postings come from the world (HN has its own). */
export const HANDLERS: Readonly<Record<PostingSource, SourceHandler>> = {
  greenhouse: handleGreenhouse,
  lever: handleLever,
  ashby: handleAshby,
  smartrecruiters: handleSmartRecruiters,
  remotive: handleRemotive,
  remoteok: handleRemoteOk,
  arbeitnow: handleArbeitnow,
  jobicy: handleJobicy,
  himalayas: handleHimalayas,
};

export { arbeitnowJob, ARBEITNOW_PAGE_SIZE } from './arbeitnow';
export { ashbyCompensation, ashbyJob } from './ashby';
export { greenhouseContentHtml, greenhouseJob } from './greenhouse';
export { HIMALAYAS_MAX_LIMIT, himalayasJob } from './himalayas';
export { ALGOLIA_MAX_HITS_PER_PAGE, ALGOLIA_PAGINATION_LIMIT, handleHn, hnHit } from './hn';
export { JOBICY_MAX_COUNT, jobicyJob } from './jobicy';
export { leverPosting } from './lever';
export { REMOTEOK_LEGAL_NOTICE, remoteOkJob } from './remoteok';
export { REMOTIVE_LEGAL_NOTICE, remotiveJob } from './remotive';
export { SMARTRECRUITERS_MAX_LIMIT, smartRecruitersDetail } from './smartrecruiters';
export type { RenderedPosting, SourceHandler, SourceRequest, SourceResponse } from './types';
