export * from './tokenize';
export { diffSequences, diffTexts, textSimilarity } from './token-diff';
export type { Edit, EditKind, Segment, TextChange, TextDiff } from './token-diff';
export { MOVE_SIMILARITY, RENUMBER_SIMILARITY, type NamedPair } from './align';
export * from './comparison.model';
export * from './compare-documents';
export * from './comparison-table';
export * from './render-comparison';
export * from './amending-text';
