/** evolve for the agreement: the state of an empty stream, and one event folded into the state. */
import type { AgreementEvent, ProceedingConcluded } from './agreement.events';
import {
  currentDraft,
  findProceeding,
  isOpened,
  type AgreementState,
  type NotificationState,
  type OpenedAgreementState,
  type ProceedingState,
} from './agreement.state';
import { PARTY_ROLES, type Correction } from './agreement.types';

export function initialAgreementState(): AgreementState {
  return { status: 'initial', nextRevision: 0 };
}

function updateProceeding(
  state: OpenedAgreementState,
  proceedingId: string,
  update: (proceeding: ProceedingState) => ProceedingState,
): OpenedAgreementState {
  return {
    ...state,
    proceedings: state.proceedings.map((p) => (p.proceedingId === proceedingId ? update(p) : p)),
  };
}

function applyCorrection(
  proceeding: ProceedingState,
  revision: number,
  correction: Correction,
): ProceedingState {
  switch (correction.field) {
    case 'resolutionNumber':
      return {
        ...proceeding,
        resolutions: proceeding.resolutions.map((r) =>
          r.revision === revision ? { ...r, resolutionNumber: correction.to } : r,
        ),
      };
    case 'resolvedOn':
      return {
        ...proceeding,
        resolutions: proceeding.resolutions.map((r) =>
          r.revision === revision ? { ...r, resolvedOn: correction.to } : r,
        ),
      };
    case 'noticeNumber':
    case 'publishedOn': {
      const notice = proceeding.notices[correction.party];
      if (!notice || notice.revision !== revision) return proceeding;
      const corrected =
        correction.field === 'noticeNumber'
          ? { ...notice, noticeNumber: correction.to }
          : { ...notice, publishedOn: correction.to };
      return { ...proceeding, notices: { ...proceeding.notices, [correction.party]: corrected } };
    }
    case 'notifiedOn':
    case 'documentNumber': {
      // A joint 届出 stands under both parties: correct it under each.
      const notifications = { ...proceeding.notifications };
      for (const party of PARTY_ROLES) {
        const notification = notifications[party];
        if (notification?.revision !== revision) continue;
        notifications[party] =
          correction.field === 'notifiedOn'
            ? { ...notification, notifiedOn: correction.to }
            : { ...notification, documentNumber: correction.to };
      }
      return { ...proceeding, notifications };
    }
    case 'signatory':
      if (!proceeding.conclusion || proceeding.conclusion.revision !== revision) return proceeding;
      return {
        ...proceeding,
        conclusion: {
          ...proceeding.conclusion,
          signatories: { ...proceeding.conclusion.signatories, [correction.party]: { ...correction.to } },
        },
      };
  }
}

function evolveConcluded(
  state: OpenedAgreementState,
  event: ProceedingConcluded,
  revision: number,
): OpenedAgreementState {
  const data = event.data;
  const proceeding = findProceeding(state, data.proceedingId);
  if (!proceeding) return state;
  const retroactive =
    data.retroactive !== undefined ? { retroactive: { reason: data.retroactive.reason } } : {};
  const draft = currentDraft(proceeding);
  const concluded = updateProceeding(state, data.proceedingId, (p) => ({
    ...p,
    status: 'concluded',
    conclusion: {
      revision,
      concludedOn: data.concludedOn,
      effectiveOn: data.effectiveOn,
      signatories: data.signatories,
      ...retroactive,
      ...(data.kind !== 'abolition' ? { versionNumber: data.versionNumber } : {}),
    },
  }));
  switch (data.kind) {
    case 'conclusion':
    case 'amendment':
      return {
        ...concluded,
        status: state.status === 'abolished' ? 'abolished' : 'concluded',
        versions: [
          ...state.versions,
          {
            number: data.versionNumber,
            proceedingId: data.proceedingId,
            kind: data.kind,
            document: data.document,
            ...(draft?.draft.kind === 'amendment' ? { operations: draft.draft.operations } : {}),
            concludedOn: data.concludedOn,
            effectiveOn: data.effectiveOn,
            ...retroactive,
            revision,
          },
        ],
      };
    case 'abolition':
      return {
        ...concluded,
        status: 'abolished',
        abolition: {
          proceedingId: data.proceedingId,
          concludedOn: data.concludedOn,
          effectiveOn: data.effectiveOn,
          ...retroactive,
          reason: draft?.draft.kind === 'abolition' ? draft.draft.reason : '',
          revision,
        },
      };
  }
}

function evolveOpened(
  state: OpenedAgreementState,
  event: AgreementEvent,
  revision: number,
): OpenedAgreementState {
  switch (event.type) {
    case 'AgreementOpened':
      return state; // a second AgreementOpened is never decided; ignore it
    case 'ProceedingOpened':
      return {
        ...state,
        proceedings: [
          ...state.proceedings,
          {
            proceedingId: event.data.proceedingId,
            kind: event.data.kind,
            openedOn: event.data.openedOn,
            status: 'negotiating',
            drafts: [],
            resolutions: [],
            notices: {},
            notifications: {},
            completed: false,
          },
        ],
      };
    case 'DraftRecorded':
      return updateProceeding(state, event.data.proceedingId, (p) => ({
        ...p,
        drafts: [
          ...p.drafts,
          {
            draftNumber: event.data.draftNumber,
            draftedOn: event.data.draftedOn,
            draft: event.data.draft,
            revision,
          },
        ],
      }));
    case 'CouncilResolutionRecorded':
      return updateProceeding(state, event.data.proceedingId, (p) => ({
        ...p,
        resolutions: [
          ...p.resolutions,
          {
            revision,
            party: event.data.party,
            decision: event.data.decision,
            resolvedOn: event.data.resolvedOn,
            draftNumber: event.data.draftNumber,
            ...(event.data.resolutionNumber !== undefined
              ? { resolutionNumber: event.data.resolutionNumber }
              : {}),
          },
        ],
      }));
    case 'ProceedingConcluded':
      return evolveConcluded(state, event, revision);
    case 'PublicNoticeRecorded':
      return updateProceeding(state, event.data.proceedingId, (p) => ({
        ...p,
        notices: {
          ...p.notices,
          [event.data.party]: {
            revision,
            party: event.data.party,
            noticeNumber: event.data.noticeNumber,
            publishedOn: event.data.publishedOn,
          },
        },
      }));
    case 'GovernorNotificationRecorded': {
      const data = event.data;
      const filedBy = data.filers.map((f) => f.party);
      const notification: NotificationState = {
        revision,
        filedBy,
        addressee: { ...data.addressee },
        notifiedOn: data.notifiedOn,
        ...(data.documentNumber !== undefined ? { documentNumber: data.documentNumber } : {}),
        ...(data.recordedBeforeDocumentNumbers === true ? { recordedBeforeDocumentNumbers: true } : {}),
      };
      return updateProceeding(state, data.proceedingId, (p) => {
        const notifications = { ...p.notifications };
        for (const party of filedBy) notifications[party] = { ...notification, filedBy: [...filedBy] };
        return { ...p, notifications };
      });
    }
    case 'ProceedingCompleted':
      return updateProceeding(state, event.data.proceedingId, (p) => ({ ...p, completed: true }));
    case 'ProceedingWithdrawn': {
      const proceeding = findProceeding(state, event.data.proceedingId);
      const withdrawn = updateProceeding(state, event.data.proceedingId, (p) => ({
        ...p,
        status: 'withdrawn',
        withdrawal: { revision, withdrawnOn: event.data.withdrawnOn, reason: event.data.reason },
      }));
      return proceeding?.kind === 'conclusion' ? { ...withdrawn, status: 'withdrawn' } : withdrawn;
    }
    case 'RecordCorrected': {
      const data = event.data;
      const corrected = updateProceeding(state, data.proceedingId, (p) =>
        applyCorrection(p, data.correctsRevision, data.correction),
      );
      return {
        ...corrected,
        corrections: [
          ...state.corrections,
          {
            revision,
            correctsEventId: data.correctsEventId,
            correctsRevision: data.correctsRevision,
            correctedEventType: data.correctedEventType,
            proceedingId: data.proceedingId,
            correction: data.correction,
            reason: data.reason,
          },
        ],
      };
    }
  }
}

/**
 * Folds one event. Pure and total: an event that does not fit the state (which decide never
 * produces) leaves it unchanged except for the revision count, so a replay never throws.
 */
export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  const revision = state.nextRevision;
  if (!isOpened(state)) {
    if (event.type !== 'AgreementOpened') return { status: 'initial', nextRevision: revision + 1 };
    return {
      status: 'negotiating',
      nextRevision: revision + 1,
      agreementId: event.data.agreementId,
      regionId: event.data.regionId,
      coreCity: { ...event.data.coreCity },
      partner: { ...event.data.partner },
      proceedings: [],
      versions: [],
      corrections: [],
    };
  }
  return { ...evolveOpened(state, event, revision), nextRevision: revision + 1 };
}
