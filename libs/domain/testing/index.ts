/** Test helpers of @kyoyaku/domain: the given/when/then decider specification and the agreement and doubt kits. For tests only. */
export * from './decider-specification';
export * from './agreement-test-kit';
export * from './doubt-test-kit';
