export * from './keyword-list';
export * from './keyword-matcher';
