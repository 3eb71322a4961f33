/**
 * @kyoyaku/domain — the pure domain of 協約台帳 (DESIGN.md §2–§5): events, commands, deciders and value
 * objects. No I/O, no clock, no random ids.
 */
export * from './shared/actor';
export * from './shared/common.errors';
export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/domain-event';
export * from './shared/names';
export * from './shared/validation';

export * from './municipality/municipality-code';
export * from './municipality/prefecture';

export * from './agreement/agreement.types';
export * from './agreement/agreement.events';
export * from './agreement/agreement.commands';
export * from './agreement/agreement.errors';
export * from './agreement/agreement.state';
export * from './agreement/agreement.decider';
export * from './agreement/agreement-versions';
export * from './agreement/proceeding-steps';
export * from './agreement/abolition-text';

export * from './region/region.events';
export * from './region/region.commands';
export * from './region/region.errors';
export * from './region/region.decider';
export * from './region/region-members';
export * from './region/region.recommendation';

export * from './cost-share/cost-share.errors';
export * from './cost-share/cost-share.types';
export * from './cost-share/cost-share-allocation';
export * from './cost-share/fiscal-year';
export * from './cost-share/yen';

export * from './consultation/consultation.events';
export * from './consultation/consultation.commands';
export * from './consultation/consultation.errors';
export * from './consultation/consultation.decider';

export * from './project/measure-eligibility';
export * from './project/project.events';
export * from './project/project.commands';
export * from './project/project.errors';
export * from './project/project.decider';

export * from './doubt/doubt.types';
export * from './doubt/doubt.events';
export * from './doubt/doubt.commands';
export * from './doubt/doubt.errors';
export * from './doubt/doubt.state';
export * from './doubt/doubt.decider';
export * from './doubt/doubt-citation';

export * from './visibility/event-visibility';
