/** Test helpers of @kyoyaku/legal-text: a seed-shaped sample document, fast-check arbitraries and comparison helpers. For tests only. */
export * from './sample-document';
export * from './document.arbitraries';
export * from './comparison.helpers';
export * from './amending.arbitraries';
export * from './golden';
