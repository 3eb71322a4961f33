import {
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
  agreementDecider,
  type Decider,
  type DomainEvent,
  type DoubtCommand,
  type DoubtEvent,
  type DoubtState,
  doubtDecider,
  type RegionCommand,
  type RegionEvent,
  type RegionState,
  regionDecider,
  type StoredEventLike,
  type ConsultationCommand,
  type ConsultationEvent,
  type ConsultationState,
  consultationDecider,
  type ProjectCommand,
  type ProjectEvent,
  type ProjectState,
  projectDecider,
  toConsultationEvent,
  toProjectEvent,
  toAgreementEvent,
  toDoubtEvent,
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

export const DOUBT: Aggregate<DoubtCommand, DoubtEvent, DoubtState> = {
  decider: doubtDecider,
  upcast: toDoubtEvent,
};

export const PROJECT: Aggregate<ProjectCommand, ProjectEvent, ProjectState> = {
  decider: projectDecider,
  upcast: toProjectEvent,
};

export const CONSULTATION: Aggregate<ConsultationCommand, ConsultationEvent, ConsultationState> = {
  decider: consultationDecider,
  upcast: toConsultationEvent,
};
