/**
 * The 青森圏域 demo data (DESIGN.md §2.4) the product ships, and the tests reuse: the
 * municipalities, the agreement text (seed + marked illustrative parts) and the ordered command
 * history.
 */
export * from './municipalities';
export * from './measures';
export * from './documents';
export * from './history';
export * from './cost-shares';
export * from './consultations';
export * from './cooperation-steps';
export * from './cooperation-history';
export * from './doubts';
