// @kyoyaku/ledger/testing: what the ledger's tests share (the Merkle and signed-note test vectors,
// the sealed ledgers and exports the verifier is tried on). Tests only: nothing of the product
// imports it, and the production build leaves it out.
export * from './merkle-vectors';
export * from './export-ledger';
