/** Domain types and pure helpers shared by main, renderer and CLI. */
export * from './address';
export * from './common';
export * from './credential';
export * from './csv';
export * from './device';
export * from './device-export';
export * from './device-import';
export * from './fingerprint';
export * from './folder';
export * from './job';
export * from './zone';
export * from './lab';
export * from './discovered';
export * from './inventory';
export * from './reconcile';
