import type { JobSource } from '@tributary/schemas';
import type { SourceConfig } from '../config/sources-config';
import { arbeitnowAdapter } from './arbeitnow';
import { ashbyAdapter } from './ashby';
import { greenhouseAdapter } from './greenhouse';
import { himalayasAdapter } from './himalayas';
import { hnWhoIsHiringAdapter } from './hn-whoishiring';
import { jobicyAdapter } from './jobicy';
import { leverAdapter } from './lever';
import { remoteOkAdapter } from './remoteok';
import { remotiveAdapter } from './remotive';
import type { SourceAdapter } from './source-adapter';
import { smartRecruitersAdapter } from './smartrecruiters';

/** Every source's adapter: a new source is one module, one line here and its entry in the sources config. */
export const ADAPTERS: Readonly<Record<JobSource, (config: SourceConfig) => SourceAdapter>> = {
  greenhouse: greenhouseAdapter,
  lever: leverAdapter,
  ashby: ashbyAdapter,
  smartrecruiters: smartRecruitersAdapter,
  remotive: remotiveAdapter,
  remoteok: remoteOkAdapter,
  arbeitnow: arbeitnowAdapter,
  jobicy: jobicyAdapter,
  himalayas: himalayasAdapter,
  'hn-whoishiring': hnWhoIsHiringAdapter,
};
