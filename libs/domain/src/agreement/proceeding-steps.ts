/**
 * What a proceeding still lacks, in the order the law takes the steps (DESIGN.md §2.1): each
 * council's approval of the current draft, the conclusion, each party's 告示, each party's 届出 (its
 * own, or a joint one that names it).
 */
import { notificationAddresseeFor, notificationAddresseeName } from './agreement.notification';
import { PARTY_ROLES, type PartyRole } from './agreement.types';
import {
  currentDraft,
  partyLabel,
  standingResolution,
  type OpenedAgreementState,
  type ProceedingState,
} from './agreement.state';

export type ProceedingStep = 'council-resolution' | 'conclusion' | 'public-notice' | 'governor-notification';

export interface MissingStep {
  step: ProceedingStep;
  /** The party whose step it is (council resolutions, notices and 届出). */
  party?: PartyRole;
  /** 「乙（平内町）の議会の議決（第2案の可決）」 */
  label: string;
}

export function missingSteps(state: OpenedAgreementState, proceeding: ProceedingState): MissingStep[] {
  if (proceeding.status === 'withdrawn' || proceeding.completed) return [];
  if (proceeding.status === 'negotiating') {
    const draft = currentDraft(proceeding);
    const unapproved = PARTY_ROLES.filter((role) => {
      const standing = standingResolution(proceeding, role);
      return standing?.decision !== 'approved' || standing.draftNumber !== draft?.draftNumber;
    });
    return [
      ...unapproved.map((party): MissingStep => ({
        step: 'council-resolution',
        party,
        label: `${partyLabel(state, party)}の議会の議決（第${draft?.draftNumber ?? 1}案の可決）`,
      })),
      { step: 'conclusion', label: '締結' },
      ...PARTY_ROLES.map((party): MissingStep => ({
        step: 'public-notice',
        party,
        label: `${partyLabel(state, party)}の告示`,
      })),
      ...PARTY_ROLES.map((party) => notificationStep(state, party)),
    ];
  }
  return [
    ...PARTY_ROLES.filter((party) => proceeding.notices[party] === undefined).map((party): MissingStep => ({
      step: 'public-notice',
      party,
      label: `${partyLabel(state, party)}の告示`,
    })),
    ...PARTY_ROLES.filter((party) => proceeding.notifications[party] === undefined).map((party) =>
      notificationStep(state, party),
    ),
  ];
}

/** 「乙（平内町）の届出（青森県知事）」 */
function notificationStep(state: OpenedAgreementState, party: PartyRole): MissingStep {
  return {
    step: 'governor-notification',
    party,
    label: `${partyLabel(state, party)}の届出（${notificationAddresseeName(notificationAddresseeFor(state, party))}）`,
  };
}
