export { stackEndpointsFromEnv, type StackEndpoints } from './endpoints';
export { loadStackConfig, REPO_ROOT, type StackConfig } from './config';
export { REQUIRED_ENDPOINTS } from './jest-global-setup';
export { addScrapeTarget, removeScrapeTarget } from './servers/prometheus';
export { readStackEnv, stackDown, stackStatus, stackUp, type StackUpResult } from './stack';
export { waitUntil } from './wait';
export { ServiceProcess } from './service-process';
export { listKeys, listObjects, queryBronze } from './bronze-query';
