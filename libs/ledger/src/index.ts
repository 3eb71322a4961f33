/**
 * @kyoyaku/ledger — integrity of the event log (DESIGN.md §9): the RFC 9162 Merkle tree over the
 * events' canonical bytes, signed checkpoints (signed-note format), proofs and the offline verifier.
 * Pure: storage of the tree nodes is the caller's (see MerkleNodeReader / nodesToStoreOnAppend).
 */
export * from './ledger.errors';
export { decodeBase64Strict } from './encoding';
export * from './merkle/merkle-math';
export * from './merkle/merkle-hash';
export * from './merkle/merkle-tree';
export * from './note/signed-note';
export * from './note/key-rotation';
export * from './verify/export-format';
export * from './verify/export-verifier';
export * from './verify/proof-verifier';
export * from './sqlite/sqlite-merkle-log';
export * from './postgres/postgres-merkle-log';
export * from './checkpoints/signed-checkpoint-record';
