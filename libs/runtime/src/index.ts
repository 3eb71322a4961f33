/**
 * @kyoyaku/runtime — what both apps stand on: opening a ledger from configuration (stores, read
 * models, Merkle log, projector, signing key, clock), the API state (tokens, idempotency records,
 * the dossier access log: api.sqlite, or the ledger's PostgreSQL database), the integrity checker, and the one way a command is carried out. The demo the product
 * ships is its own entry, `@kyoyaku/runtime/demo`.
 */
export * from './config/ledger-config';
export * from './open-ledger/clock';
export * from './open-ledger/signing-key';
export * from './open-ledger/open-ledger';
export * from './open-ledger/rotate-signing-key';
export * from './integrity/ledger-integrity';
export * from './integrity/read-model-check';
export * from './integrity/integrity-record';
export * from './integrity/background-verification';
export * from './state/api-state.database';
export * from './state/api-state';
export * from './state/postgres-api-state.database';
export * from './state/postgres-api-state.repositories';
export * from './state/access-token.repository';
export * from './state/idempotency.repository';
export * from './state/dossier-access-log.repository';
export * from './application/aggregates';
export * from './application/command-context';
export * from './application/command-executor';
export * from './application/doubt-facts.service';
export * from './application/cooperation-facts.service';
