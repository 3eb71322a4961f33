// @kyoyaku/event-store/testing: what the tests of the adapters, of the libraries built on them and
// of the apps share — the EventStore and EventImporter contracts, and fresh PostgreSQL databases.
// Tests only: nothing of the product imports it, and the production build leaves it out.
export * from './contract-support';
export * from './event-store.contract';
export * from './event-importer.contract';
export * from './features/append-and-order';
export * from './features/expected-revision';
export * from './features/concurrent-writers';
export * from './features/idempotency';
export * from './features/read-stream';
export * from './features/read-all';
export * from './features/subscriptions';
export * from './features/integrity';
export * from './features/text-and-size';
export * from './features/bad-arguments';
export * from './features/time';
export * from './features/lifecycle';
export * from './postgres-test-database';
