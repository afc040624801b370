/** Power schedules: schema, recurrence, inheritance, conflicts; pure and shared by main, renderer and CLI. */
export * from './schema';
export * from './recurrence';
export * from './inheritance';
export * from './conflicts';
export * from './history';
