/** evolve for the doubt: the state of an empty stream, and one event folded into the state. */
import type { DoubtEvent } from './doubt.events';
import {
  isRaised,
  type DisputeApplicationState,
  type DoubtState,
  type RaisedDoubtState,
} from './doubt.state';

export function initialDoubtState(): DoubtState {
  return { status: 'initial' };
}

function updateApplication(
  state: RaisedDoubtState,
  applicationNumber: number,
  update: (application: DisputeApplicationState) => DisputeApplicationState,
): RaisedDoubtState {
  return {
    ...state,
    applications: state.applications.map((a) => (a.applicationNumber === applicationNumber ? update(a) : a)),
  };
}

export function evolveDoubt(state: DoubtState, event: DoubtEvent): DoubtState {
  if (event.type === 'DoubtRaised') {
    if (isRaised(state)) return state;
    const d = event.data;
    return {
      status: 'open',
      doubtId: d.doubtId,
      agreementId: d.agreementId,
      regionId: d.regionId,
      parties: d.parties,
      raisedBy: d.raisedBy,
      raisedOn: d.raisedOn,
      citation: d.citation,
      question: d.question,
      pinned: d.pinned,
      consultations: [],
      applications: [],
    };
  }
  if (!isRaised(state)) return state;
  switch (event.type) {
    case 'DoubtDiscussedAtConsultation': {
      const d = event.data;
      return {
        ...state,
        consultations: [
          ...state.consultations,
          {
            consultationId: d.consultationId,
            consultationDate: d.consultationDate,
            consultationStatus: d.consultationStatus,
            ...(d.note === undefined ? {} : { note: d.note }),
          },
        ],
      };
    }
    case 'DoubtResolved': {
      const { doubtId: _doubtId, ...resolution } = event.data;
      return { ...state, status: 'resolved', resolution };
    }
    case 'DoubtWithdrawn':
      return {
        ...state,
        status: 'withdrawn',
        withdrawal: { withdrawnOn: event.data.withdrawnOn, reason: event.data.reason },
      };
    case 'DisputeApplicationFiled': {
      const d = event.data;
      return {
        ...state,
        status: 'escalated',
        applications: [
          ...state.applications,
          {
            applicationNumber: d.applicationNumber,
            status: 'pending',
            appliedOn: d.appliedOn,
            applicant: d.applicant,
            recipient: d.recipient,
            documentNumber: d.documentNumber,
            summary: d.summary,
          },
        ],
      };
    }
    case 'DisputeCommissionersAppointed':
      return updateApplication(state, event.data.applicationNumber, (a) => ({
        ...a,
        appointment: {
          appointedOn: event.data.appointedOn,
          commissioners: event.data.commissioners,
          evidence: event.data.evidence,
        },
      }));
    case 'DisputeApplicationWithdrawn': {
      const next = updateApplication(state, event.data.applicationNumber, (a) => ({
        ...a,
        status: 'withdrawn',
        withdrawal: {
          withdrawnOn: event.data.withdrawnOn,
          consentedOn: event.data.consentedOn,
          reason: event.data.reason,
        },
      }));
      return { ...next, status: 'open' };
    }
    case 'SettlementProposalPresented':
      return updateApplication(state, event.data.applicationNumber, (a) => ({
        ...a,
        status: 'proposal-presented',
        proposal: {
          presentedOn: event.data.presentedOn,
          ...(event.data.decidedOn === undefined ? {} : { decidedOn: event.data.decidedOn }),
          proposal: event.data.proposal,
          evidence: event.data.evidence,
          responses: {},
        },
      }));
    case 'SettlementProposalNotified':
      return updateApplication(state, event.data.applicationNumber, (a) =>
        a.proposal === undefined
          ? a
          : {
              ...a,
              proposal: {
                ...a.proposal,
                notifiedOn: event.data.notifiedOn,
                notificationEvidence: event.data.evidence,
              },
            },
      );
    case 'SettlementProposalPublished':
      return updateApplication(state, event.data.applicationNumber, (a) =>
        a.proposal === undefined
          ? a
          : {
              ...a,
              proposal: {
                ...a.proposal,
                publishedOn: event.data.publishedOn,
                medium: event.data.medium,
                publicationEvidence: event.data.evidence,
              },
            },
      );
    case 'SettlementProposalResponded': {
      const d = event.data;
      return updateApplication(state, d.applicationNumber, (a) =>
        a.proposal === undefined
          ? a
          : {
              ...a,
              proposal: {
                ...a.proposal,
                responses: {
                  ...a.proposal.responses,
                  [d.respondent.role]: {
                    respondent: d.respondent,
                    respondedOn: d.respondedOn,
                    stance: d.stance,
                    statement: d.statement,
                  },
                },
              },
            },
      );
    }
    case 'DisputeConcluded': {
      const next = updateApplication(state, event.data.applicationNumber, (a) => ({
        ...a,
        status: 'concluded',
        conclusion: { concludedOn: event.data.concludedOn, outcome: event.data.outcome },
      }));
      return { ...next, status: event.data.outcome === 'settled' ? 'settled' : 'unsettled' };
    }
  }
}
