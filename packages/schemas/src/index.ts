export * from './bronze';
export * from './envelope';
export * from './github-event';
export * from './issues';
export * from './job-posting';
export * from './scraped-item';
export * from './topics';
export * from './samples';
