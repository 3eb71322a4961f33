/**
 * @kyoyaku/domain — the pure domain of 協約台帳 (DESIGN.md §2–§5): events, commands, deciders and value
 * objects. No I/O, no clock, no random ids.
 */
export * from './shared/actor';
export * from './shared/common.errors';
export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/domain-event';
export * from './shared/validation';

export * from './municipality/municipality-code';

export * from './agreement/agreement.types';
export * from './agreement/agreement.events';
export * from './agreement/agreement.commands';
export * from './agreement/agreement.errors';
export * from './agreement/agreement.state';
export * from './agreement/agreement.decider';
export * from './agreement/agreement-versions';
export * from './agreement/proceeding-steps';

export * from './region/region.events';
export * from './region/region.commands';
export * from './region/region.errors';
export * from './region/region.decider';
export * from './region/region-members';

export * from './testing/decider-specification';
export * from './testing/agreement-test-kit';
