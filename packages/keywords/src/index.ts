export * from './evaluation';
export * from './keyword-list';
export * from './keyword-matcher';
export { forEachToken, segmentsOf, tokenize } from './tokenizer';
