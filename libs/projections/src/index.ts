export * from './read-model';
export * from './projector';
export * from './sqlite/sqlite-read-models';
export * from './all-projections';
export * from './agreement/agreement-read-models';
export * from './agreement/agreement.projection';
export * from './ledger/checkpoint.projection';
