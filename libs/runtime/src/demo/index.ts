/** The demo the product ships: the 青森圏域 history, and the seed that records it into an empty ledger. */
export * from './aomori';
export * from './demo-seed';
export * from './doubt-demo.loader';
export * from './cooperation-demo.loader';
