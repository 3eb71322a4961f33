/**
 * A refusal is read by a clerk (the web application shows it next to the form): it names what was
 * refused and who may do it in Japanese, never by a command or event type (`ScheduleConsultation`)
 * or a role's identifier (`secretariat`). Checked over every command of every aggregate, sent by
 * every role, against a state with nothing recorded: whatever each refusal says is read.
 */
import { kitActors } from '@kyoyaku/domain/testing';
import { agreementDecider } from '../agreement/agreement.decider';
import type { AgreementCommandType } from '../agreement/agreement.commands';
import { consultationDecider } from '../consultation/consultation.decider';
import type { ConsultationCommandType } from '../consultation/consultation.commands';
import { doubtDecider } from '../doubt/doubt.decider';
import type { DoubtCommandType } from '../doubt/doubt.commands';
import { projectDecider } from '../project/project.decider';
import type { ProjectCommandType } from '../project/project.commands';
import { regionDecider } from '../region/region.decider';
import type { RegionCommandType } from '../region/region.commands';
import type { Decider } from './decider';
import { isDomainError } from './domain-error';

const PASCAL_CASE = /\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b/;
const ROLE_ID = /\b(?:reader|clerk|secretariat|admin)\b/;

const AGREEMENT: readonly AgreementCommandType[] = [
  'OpenAgreement',
  'ReviseDraft',
  'RecordCouncilResolution',
  'ConcludeProceeding',
  'RecordPublicNotice',
  'RecordGovernorNotification',
  'ProposeAmendment',
  'ProposeAbolition',
  'WithdrawProceeding',
  'RecordCorrection',
];
const CONSULTATION: readonly ConsultationCommandType[] = [
  'ScheduleConsultation',
  'RecordConsultation',
  'PostponeConsultation',
  'CancelConsultation',
];
const PROJECT: readonly ProjectCommandType[] = [
  'RegisterProject',
  'DecideCostShare',
  'ReviseCostShare',
  'SettleCostShare',
];
const REGION: readonly RegionCommandType[] = ['DeclareRegion', 'AdoptVision', 'RecordRecommendation'];
const DOUBT: readonly DoubtCommandType[] = [
  'RaiseDoubt',
  'DiscussDoubt',
  'ResolveDoubt',
  'WithdrawDoubt',
  'FileDisputeApplication',
  'AppointDisputeCommissioners',
  'WithdrawDisputeApplication',
  'PresentSettlementProposal',
  'NotifySettlementProposal',
  'PublishSettlementProposal',
  'RespondToSettlementProposal',
];

/** The message of the refusal a bare command of this type gets from this role (null: not a refusal). */
function refusalOf<C, E, S>(decider: Decider<C, E, S>, type: string, actor: object): string | null {
  try {
    decider.decide({ type, actor, facts: {} } as unknown as C, decider.initialState());
    return null;
  } catch (error) {
    return isDomainError(error) ? error.message : null;
  }
}

describe('refusals name commands and roles in Japanese', () => {
  const deciders: [string, Decider<unknown, unknown, unknown>, readonly string[]][] = [
    ['agreement', agreementDecider as Decider<unknown, unknown, unknown>, AGREEMENT],
    ['consultation', consultationDecider as Decider<unknown, unknown, unknown>, CONSULTATION],
    ['project', projectDecider as Decider<unknown, unknown, unknown>, PROJECT],
    ['region', regionDecider as Decider<unknown, unknown, unknown>, REGION],
    ['doubt', doubtDecider as Decider<unknown, unknown, unknown>, DOUBT],
  ];

  it.each(deciders)(
    '%s: no command type or role id in any refusal, whoever sends it',
    (_, decider, types) => {
      let refusals = 0;
      for (const type of types) {
        for (const actor of Object.values(kitActors)) {
          const message = refusalOf(decider, type, actor);
          if (message === null) continue;
          refusals += 1;
          expect({ type, role: actor.role, message, pascalCase: PASCAL_CASE.exec(message)?.[0] }).toEqual({
            type,
            role: actor.role,
            message,
            pascalCase: undefined,
          });
          expect({ type, role: actor.role, message, roleId: ROLE_ID.exec(message)?.[0] }).toEqual({
            type,
            role: actor.role,
            message,
            roleId: undefined,
          });
        }
      }
      // Readers are refused every command: the check read at least those.
      expect(refusals).toBeGreaterThanOrEqual(types.length);
    },
  );

  it('names the role that may record in Japanese (事務局又は管理者), and the one that tried', () => {
    const message = refusalOf(consultationDecider, 'ScheduleConsultation', kitActors.partnerClerk);
    expect(message).toBe('協議の予定の登録は事務局又は管理者が行います（現在の役割: 担当職員）。');
  });
});
