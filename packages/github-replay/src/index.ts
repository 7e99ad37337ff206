export * from './archive-hour';
export * from './event-generator';
export * from './replay-server';
export * from './timeline';
