import {
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
  agreementDecider,
  type Decider,
  type DomainEvent,
  type RegionCommand,
  type RegionEvent,
  type RegionState,
  regionDecider,
  type StoredEventLike,
  toAgreementEvent,
  toRegionEvent,
} from '@kyoyaku/domain';

/** An aggregate as the application runs it: its decider, and how its stored events are read (upcast). */
export interface Aggregate<C, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  upcast: (stored: StoredEventLike) => E;
}

export const AGREEMENT: Aggregate<AgreementCommand, AgreementEvent, AgreementState> = {
  decider: agreementDecider,
  upcast: toAgreementEvent,
};

export const REGION: Aggregate<RegionCommand, RegionEvent, RegionState> = {
  decider: regionDecider,
  upcast: toRegionEvent,
};
