export * from './event-store.port';
export * from './event-store.errors';
export * from './event-hash';
export * from './event-store.validation';
export * from './polling-subscription';
export * from './sqlite/sqlite-event-store';
export * from './sqlite/sqlite-event-store.migrations';
export * from './event-store.contract';
