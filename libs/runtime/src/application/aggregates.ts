import {
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
  agreementDecider,
  agreementStreamId,
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
import { latestAgreementSnapshot, type ReadModelReader } from '@kyoyaku/projections';

/**
 * The decider's state after a stream's events up to `revision`, as the read models hold it; `hash`
 * is the hash of the event at `revision`. Trusted only once the store has that event with that hash.
 */
export interface Snapshot<S> {
  revision: bigint;
  hash: string;
  state: S;
}

/** An aggregate as the application runs it: its decider, and how its stored events are read (upcast). */
export interface Aggregate<C, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  upcast: (stored: StoredEventLike) => E;
  /** The latest snapshot the read models hold of a stream, if the aggregate has any (a long stream's). */
  snapshot?: (readModels: ReadModelReader, streamId: string) => Snapshot<S> | null;
}

const AGREEMENT_STREAM_PREFIX = agreementStreamId('');

export const AGREEMENT: Aggregate<AgreementCommand, AgreementEvent, AgreementState> = {
  decider: agreementDecider,
  upcast: toAgreementEvent,
  snapshot(readModels, streamId) {
    if (!streamId.startsWith(AGREEMENT_STREAM_PREFIX)) return null;
    const snapshot = latestAgreementSnapshot(readModels, streamId.slice(AGREEMENT_STREAM_PREFIX.length));
    return snapshot === null
      ? null
      : { revision: BigInt(snapshot.count - 1), hash: snapshot.hash, state: snapshot.state };
  },
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
