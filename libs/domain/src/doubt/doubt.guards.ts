/**
 * Guards of the doubt decider: who may issue a command, and the facts a command must fit (the parties
 * of the agreement, an open doubt, a consultation of the region with both parties, a standing
 * application and its 処理方策).
 */
import type { PartyRole } from '../agreement/agreement.types';
import { assertMunicipalityCode } from '../municipality/municipality-code';
import type { Actor } from '../shared/actor';
import { assertNonBlank } from '../shared/validation';
import { agreementName, commandName, consultationName, doubtName, roleName } from '../shared/names';
import type { DoubtCommand, DoubtCommandType } from './doubt.commands';
import { doubtError } from './doubt.errors';
import {
  currentApplication,
  isClosed,
  isRaised,
  roleOfCode,
  type DisputeApplicationState,
  type DoubtState,
  type RaisedDoubtState,
} from './doubt.state';
import type { ConsultationFacts, DoubtParties, DoubtParty } from './doubt.types';

/**
 * The steps taken outside the parties — by the 知事 (総務大臣) and the 自治紛争処理委員 (地方自治法
 * 第251条の3の2) — which the secretariat (or an admin) records from the documents that prove them.
 */
export const STEPS_OUTSIDE_THE_PARTIES: readonly DoubtCommandType[] = [
  'AppointDisputeCommissioners',
  'PresentSettlementProposal',
  'NotifySettlementProposal',
  'PublishSettlementProposal',
];

/** What only the secretariat (or an admin) attests: a joint resolution (and the steps above). */
const SECRETARIAT_COMMANDS: readonly DoubtCommandType[] = ['ResolveDoubt'];

export function assertActorMayIssue(command: DoubtCommand): void {
  const { actor } = command;
  switch (actor.role) {
    case 'secretariat':
    case 'admin':
      return;
    case 'clerk':
      if (STEPS_OUTSIDE_THE_PARTIES.includes(command.type)) {
        throw doubtError(
          'DisputeStepRecordedBySecretariatOnly',
          `自治紛争処理委員の任命並びに処理方策の提示・通知・公表は当事者ではなく知事（総務大臣）及び自治紛争処理委員が行う手続です（地方自治法第251条の3の2）。当事者の担当職員（${actor.municipalityCode ?? '所属団体コードなし'}）は記録できません。事務局又は管理者が、その手続を証する文書の文書番号と日付を添えて記録してください。`,
          { field: 'actor.role', details: { command: command.type } },
        );
      }
      if (!SECRETARIAT_COMMANDS.includes(command.type)) return;
      throw doubtError(
        'ActorNotPermitted',
        `担当職員は${commandName(command.type)}を行えません。双方の合意による解決は事務局又は管理者が記録します。`,
        { field: 'actor.role' },
      );
    case 'reader':
      throw doubtError(
        'ActorNotPermitted',
        `閲覧者は${commandName(command.type)}を行えません。当事者の担当職員・事務局・管理者の権限が必要です。`,
        { field: 'actor.role' },
      );
  }
  throw doubtError('ActorNotPermitted', `${roleName(actor.role)}では記録できません。`, {
    field: 'actor.role',
  });
}

export function partyName(parties: DoubtParties, role: PartyRole): string {
  return `${role === 'core' ? '甲' : '乙'}（${parties[role].name}）`;
}

export function partyOf(parties: DoubtParties, role: PartyRole): DoubtParty {
  return { role, code: parties[role].code, name: parties[role].name };
}

/** A clerk acts only where its municipality is a party, and (when `forCode` is given) only for it. */
export function assertClerkScope(
  actor: Actor,
  parties: DoubtParties,
  forCode: string | undefined,
  what: string,
): void {
  if (actor.role !== 'clerk') return;
  const own = actor.municipalityCode;
  if (own === undefined || roleOfCode(parties, own) === undefined) {
    throw doubtError(
      'ClerkMayActOnlyForOwnMunicipality',
      `担当職員（${own ?? '所属団体コードなし'}）の団体はこの協約の当事者（${parties.core.name}・${parties.partner.name}）ではないため、${what}を記録できません。`,
      { field: 'actor.municipalityCode' },
    );
  }
  if (forCode !== undefined && forCode !== own) {
    throw doubtError(
      'ClerkMayActOnlyForOwnMunicipality',
      `担当職員（${own}）は他の団体（${forCode}）の${what}を記録できません。自団体の担当職員又は事務局が記録してください。`,
      { field: 'actor.municipalityCode' },
    );
  }
}

export function requireRaised(state: DoubtState, doubtId: string): RaisedDoubtState {
  if (!isRaised(state)) {
    throw doubtError(
      'DoubtNotFound',
      `疑義「${doubtId}」は提起されていません。提起された疑義は協約の「疑義」の一覧にあります。`,
      { field: 'doubtId' },
    );
  }
  return state;
}

const CLOSED_REASONS: Readonly<Record<string, (s: RaisedDoubtState) => string>> = {
  resolved: (s) => `${s.resolution?.resolvedOn ?? ''}に協議により解決済み`,
  withdrawn: (s) => `${s.withdrawal?.withdrawnOn ?? ''}に取下げ済み`,
  settled: () => '処理方策により解決済み',
  unsettled: () => '処理方策に対する双方の回答により手続が終了済み',
};

export function assertOpen(state: RaisedDoubtState, what: string): void {
  if (!isClosed(state)) return;
  const reason = CLOSED_REASONS[state.status]?.(state) ?? state.status;
  throw doubtError(
    'DoubtClosed',
    `${doubtName(state)}は${reason}のため、${what}は記録できません。新たな疑義として提起してください。`,
    { field: 'doubtId', details: { doubtId: state.doubtId, doubtStatus: state.status } },
  );
}

/** The code is a valid 全国地方公共団体コード of 甲 or 乙. */
export function requirePartyCode(parties: DoubtParties, code: string, field: string, who: string): PartyRole {
  assertMunicipalityCode(code, field);
  const role = roleOfCode(parties, code);
  if (role === undefined) {
    throw doubtError(
      'NotAPartyOfTheAgreement',
      `${who}（${code}）はこの協約の当事者ではありません。甲（${parties.core.name}・${parties.core.code}）又は乙（${parties.partner.name}・${parties.partner.code}）を指定してください。`,
      { field },
    );
  }
  return role;
}

export function requireConsultation(
  state: RaisedDoubtState,
  consultationId: string,
  consultation: ConsultationFacts | null,
): ConsultationFacts {
  assertNonBlank(consultationId, 'consultationId', '協議ID');
  if (consultation === null || consultation.consultationId !== consultationId) {
    throw doubtError(
      'ConsultationNotFound',
      `協議「${consultationId}」は協議の台帳にありません。双方の当事者が参加する協議を、圏域のページの「定期的な協議」から指定してください。`,
      { field: 'consultationId' },
    );
  }
  if (consultation.regionId !== state.regionId) {
    throw doubtError(
      'ConsultationOfAnotherRegion',
      `${consultationName(consultation)}は${consultation.regionName}の協議です。この疑義の協約（${agreementName({ coreCity: state.parties.core, partner: state.parties.partner })}）の圏域の協議を指定してください。`,
      { field: 'consultationId', details: { consultationId } },
    );
  }
  const missing = (['core', 'partner'] as const).filter(
    (role) => !consultation.participants.includes(state.parties[role].code),
  );
  if (missing.length > 0) {
    throw doubtError(
      'ConsultationWithoutBothParties',
      `${consultationName(consultation)}の参加団体に${missing.map((r) => partyName(state.parties, r)).join('・')}が含まれていません。疑義は双方の当事者が参加する協議で取り上げてください。`,
      { field: 'consultationId', details: { consultationId } },
    );
  }
  return consultation;
}

export function activeApplication(state: RaisedDoubtState, what: string): DisputeApplicationState {
  const application = currentApplication(state);
  if (application === undefined || application.status === 'withdrawn') {
    const withdrawn =
      application === undefined ? '' : `（第${application.applicationNumber}次の申請は取り下げられています）`;
    throw doubtError(
      'ApplicationNotFiled',
      `${doubtName(state)}について自治紛争処理委員による処理の申請がされていないため、${what}は記録できません${withdrawn}。先に申請を記録してください。`,
      { field: 'doubtId', details: { doubtId: state.doubtId } },
    );
  }
  return application;
}

export function requireProposal(application: DisputeApplicationState, what: string) {
  const proposal = application.proposal;
  if (proposal === undefined) {
    throw doubtError(
      'ProposalNotPresented',
      `第${application.applicationNumber}次の申請について処理方策が提示されていないため、${what}は記録できません。`,
      { field: 'doubtId' },
    );
  }
  return proposal;
}
