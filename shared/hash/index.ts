export * from './hash-forms';
export * from './parse-hash';
