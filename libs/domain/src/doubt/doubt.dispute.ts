/**
 * decide for the statutory procedure (地方自治法 第252条の2第7項, 第251条の3の2): the application to
 * the 知事 (総務大臣), the commissioners, the 処理方策 presented, notified and published, the
 * parties' responses, and the withdrawal of the application.
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import { requiredNotificationRecipient } from '../agreement/agreement.decide';
import { NOTIFICATION_RECIPIENT_NAMES } from '../agreement/agreement.types';
import { assertLegalDate, assertNonBlank, assertNotAfterToday, assertNotBefore } from '../shared/validation';
import { doubtName } from '../shared/names';
import type {
  AppointDisputeCommissioners,
  FileDisputeApplication,
  NotifySettlementProposal,
  PresentSettlementProposal,
  PublishSettlementProposal,
  RespondToSettlementProposal,
  WithdrawDisputeApplication,
} from './doubt.commands';
import { doubtError } from './doubt.errors';
import {
  DOUBT_EVENT_SCHEMA_VERSION as V,
  DOUBT_EVIDENCE_EVENT_SCHEMA_VERSION as V2,
  type DoubtEvent,
} from './doubt.events';
import {
  activeApplication,
  assertClerkScope,
  assertOpen,
  partyName,
  partyOf,
  requirePartyCode,
  requireProposal,
} from './doubt.guards';
import { currentApplication, lastStepDate, type RaisedDoubtState } from './doubt.state';
import { RESPONSE_STANCES, type DisputeStepEvidence, type ResponseStance } from './doubt.types';

/** `DisputeStepDateInFuture`: a step of the dispute procedure is recorded once it has happened. */
function assertStepNotAfterToday(date: LegalDate, today: LegalDate, field: string, label: string): void {
  assertNotAfterToday(date, today, field, 'DisputeStepDateInFuture', label);
}

/**
 * The document that proves a step taken outside the parties (地方自治法 第251条の3の2): its 文書番号
 * and its date, which is neither after today nor before the step the proved one follows.
 */
function requireEvidence(
  evidence: unknown,
  today: LegalDate,
  step: string,
  document: string,
  earliest: { date: LegalDate; step: string },
): DisputeStepEvidence {
  if (typeof evidence !== 'object' || evidence === null) {
    throw doubtError(
      'DisputeStepEvidenceRequired',
      `${step}は当事者ではなく知事（総務大臣）又は自治紛争処理委員が行う手続です（地方自治法第251条の3の2）。これを証する${document}の文書番号と日付（evidence: { documentNumber, documentDate }）を指定してください。`,
      { field: 'evidence' },
    );
  }
  const given = evidence as Record<string, unknown>;
  const documentNumber = assertNonBlank(
    given.documentNumber as string,
    'evidence.documentNumber',
    `${document}の文書番号`,
  );
  const documentDate = assertLegalDate(
    given.documentDate as string,
    'evidence.documentDate',
    `${document}の日付`,
  );
  assertStepNotAfterToday(documentDate, today, 'evidence.documentDate', `${document}の日付`);
  assertNotBefore(documentDate, earliest.date, 'evidence.documentDate', document, earliest.step);
  return { documentNumber, documentDate };
}

export function fileDisputeApplication(
  command: FileDisputeApplication,
  raised: RaisedDoubtState,
): DoubtEvent[] {
  const role = requirePartyCode(raised.parties, command.applicant, 'applicant', '申請する団体');
  assertClerkScope(command.actor, raised.parties, command.applicant, '自治紛争処理委員による処理の申請');
  assertOpen(raised, '自治紛争処理委員による処理の申請');
  const current = currentApplication(raised);
  if (current !== undefined && current.status !== 'withdrawn') {
    throw doubtError(
      'AlreadyEscalated',
      `${doubtName(raised)}は${current.appliedOn}に申請済みです（第${current.applicationNumber}次）。重ねて申請することはできません。`,
      { field: 'doubtId', details: { doubtId: raised.doubtId } },
    );
  }
  assertLegalDate(command.appliedOn, 'appliedOn', '申請の日');
  assertStepNotAfterToday(command.appliedOn, command.today, 'appliedOn', '申請の日');
  if (command.recipient !== 'prefectural-governor' && command.recipient !== 'minister-of-internal-affairs') {
    throw doubtError(
      'InvalidValue',
      `申請先「${String(command.recipient)}」は不明です（prefectural-governor 又は minister-of-internal-affairs）。`,
      { field: 'recipient' },
    );
  }
  const required = requiredNotificationRecipient({
    coreCity: raised.parties.core,
    partner: raised.parties.partner,
  });
  if (command.recipient !== required) {
    throw doubtError(
      'WrongApplicationRecipient',
      required === 'minister-of-internal-affairs'
        ? '都道府県が当事者となる紛争の申請先は総務大臣です（地方自治法第252条の2第7項）。recipient に minister-of-internal-affairs を指定してください。'
        : '市町村間の紛争の申請先は都道府県知事です（地方自治法第252条の2第7項）。recipient に prefectural-governor を指定してください。',
      { field: 'recipient', details: { required } },
    );
  }
  assertNonBlank(command.documentNumber, 'documentNumber', '申請書の文書番号（申請は文書による）');
  assertNonBlank(command.summary, 'summary', '申請の要旨');
  assertNotBefore(command.appliedOn, lastStepDate(raised), 'appliedOn', '申請', 'この疑義の直前の手順');
  return [
    {
      type: 'DisputeApplicationFiled',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: raised.applications.length + 1,
        appliedOn: command.appliedOn,
        applicant: partyOf(raised.parties, role),
        recipient: command.recipient,
        documentNumber: command.documentNumber,
        summary: command.summary,
      },
    },
  ];
}

export function appointCommissioners(
  command: AppointDisputeCommissioners,
  raised: RaisedDoubtState,
): DoubtEvent[] {
  assertOpen(raised, '自治紛争処理委員の任命');
  const application = activeApplication(raised, '自治紛争処理委員の任命');
  if (application.appointment !== undefined) {
    throw doubtError(
      'CommissionersAlreadyAppointed',
      `第${application.applicationNumber}次の申請の自治紛争処理委員は${application.appointment.appointedOn}に任命済みです。`,
      { field: 'commissioners' },
    );
  }
  assertLegalDate(command.appointedOn, 'appointedOn', '任命の日');
  assertStepNotAfterToday(command.appointedOn, command.today, 'appointedOn', '自治紛争処理委員の任命の日');
  if (!Array.isArray(command.commissioners) || command.commissioners.length !== 3) {
    throw doubtError(
      'ThreeCommissionersRequired',
      `自治紛争処理委員は事件ごとに3人を任命します（地方自治法第251条第2項）。${Array.isArray(command.commissioners) ? command.commissioners.length : 0}人ではなく3人を指定してください。`,
      { field: 'commissioners' },
    );
  }
  command.commissioners.forEach((c, i) => {
    assertNonBlank(c.name, `commissioners.${i}.name`, '委員の氏名');
    assertNonBlank(c.title, `commissioners.${i}.title`, '委員の職');
  });
  const names = command.commissioners.map((c) => c.name.trim());
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw doubtError(
      'DuplicateCommissioner',
      `委員「${duplicate}」が重複しています。異なる3人を指定してください。`,
      {
        field: 'commissioners',
      },
    );
  }
  assertNotBefore(command.appointedOn, application.appliedOn, 'appointedOn', '委員の任命', '申請');
  const evidence = requireEvidence(
    command.evidence,
    command.today,
    '自治紛争処理委員の任命',
    `${NOTIFICATION_RECIPIENT_NAMES[application.recipient]}による任命の文書`,
    { date: application.appliedOn, step: '申請' },
  );
  return [
    {
      type: 'DisputeCommissionersAppointed',
      schemaVersion: V2,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        appointedOn: command.appointedOn,
        commissioners: command.commissioners.map((c) => ({ name: c.name, title: c.title })),
        evidence,
      },
    },
  ];
}

export function withdrawDisputeApplication(
  command: WithdrawDisputeApplication,
  raised: RaisedDoubtState,
): DoubtEvent[] {
  assertClerkScope(command.actor, raised.parties, undefined, '申請の取下げ');
  assertOpen(raised, '申請の取下げ');
  const application = activeApplication(raised, '申請の取下げ');
  if (command.actor.role === 'clerk' && command.actor.municipalityCode !== application.applicant.code) {
    throw doubtError(
      'OnlyTheApplicantMayWithdraw',
      `申請を取り下げられるのは申請した${partyName(raised.parties, application.applicant.role)}です。`,
      { field: 'actor.municipalityCode' },
    );
  }
  if (application.status !== 'pending') {
    throw doubtError(
      'ApplicationNoLongerPending',
      `第${application.applicationNumber}次の申請は処理方策が提示されているため、取り下げることはできません。`,
      { field: 'doubtId' },
    );
  }
  assertLegalDate(command.withdrawnOn, 'withdrawnOn', '申請の取下げの日');
  assertLegalDate(
    command.consentedOn,
    'consentedOn',
    `${NOTIFICATION_RECIPIENT_NAMES[application.recipient]}の同意の日`,
  );
  assertNonBlank(command.reason, 'reason', '取下げの理由');
  assertStepNotAfterToday(command.consentedOn, command.today, 'consentedOn', '取下げへの同意の日');
  assertStepNotAfterToday(command.withdrawnOn, command.today, 'withdrawnOn', '申請の取下げの日');
  const previous = application.appointment?.appointedOn ?? application.appliedOn;
  assertNotBefore(
    command.consentedOn,
    previous,
    'consentedOn',
    '取下げへの同意',
    application.appointment ? '委員の任命' : '申請',
  );
  assertNotBefore(command.withdrawnOn, command.consentedOn, 'withdrawnOn', '申請の取下げ', '同意');
  return [
    {
      type: 'DisputeApplicationWithdrawn',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        withdrawnOn: command.withdrawnOn,
        consentedOn: command.consentedOn,
        reason: command.reason,
      },
    },
  ];
}

export function presentProposal(command: PresentSettlementProposal, raised: RaisedDoubtState): DoubtEvent[] {
  assertOpen(raised, '処理方策の提示');
  const application = activeApplication(raised, '処理方策の提示');
  if (application.proposal !== undefined) {
    throw doubtError(
      'ProposalAlreadyPresented',
      `第${application.applicationNumber}次の申請の処理方策は${application.proposal.presentedOn}に提示済みです。`,
      { field: 'doubtId' },
    );
  }
  const appointment = application.appointment;
  if (appointment === undefined) {
    throw doubtError(
      'CommissionersNotAppointed',
      '処理方策は任命された自治紛争処理委員が合議により定めます。先に委員の任命を記録してください。',
      { field: 'doubtId' },
    );
  }
  assertLegalDate(command.presentedOn, 'presentedOn', '処理方策の提示の日');
  assertStepNotAfterToday(command.presentedOn, command.today, 'presentedOn', '処理方策の提示の日');
  assertNonBlank(command.proposal, 'proposal', '処理方策');
  if (command.decidedOn !== undefined) {
    assertLegalDate(command.decidedOn, 'decidedOn', '合議の日');
    assertStepNotAfterToday(command.decidedOn, command.today, 'decidedOn', '合議の日');
    assertNotBefore(command.decidedOn, appointment.appointedOn, 'decidedOn', '合議', '委員の任命');
    assertNotBefore(command.presentedOn, command.decidedOn, 'presentedOn', '処理方策の提示', '合議');
  }
  assertNotBefore(
    command.presentedOn,
    appointment.appointedOn,
    'presentedOn',
    '処理方策の提示',
    '委員の任命',
  );
  const evidence = requireEvidence(
    command.evidence,
    command.today,
    '処理方策の提示',
    '自治紛争処理委員が処理方策を提示した文書',
    { date: appointment.appointedOn, step: '委員の任命' },
  );
  return [
    {
      type: 'SettlementProposalPresented',
      schemaVersion: V2,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        presentedOn: command.presentedOn,
        ...(command.decidedOn === undefined ? {} : { decidedOn: command.decidedOn }),
        proposal: command.proposal,
        evidence,
      },
    },
  ];
}

export function notifyProposal(command: NotifySettlementProposal, raised: RaisedDoubtState): DoubtEvent[] {
  const application = activeApplication(raised, '処理方策の通知');
  const proposal = requireProposal(application, '処理方策の通知');
  if (proposal.notifiedOn !== undefined) {
    throw doubtError('ProposalAlreadyNotified', `処理方策は${proposal.notifiedOn}に通知済みです。`, {
      field: 'doubtId',
    });
  }
  assertLegalDate(command.notifiedOn, 'notifiedOn', '処理方策の通知の日');
  assertStepNotAfterToday(command.notifiedOn, command.today, 'notifiedOn', '処理方策の通知の日');
  assertNotBefore(command.notifiedOn, proposal.presentedOn, 'notifiedOn', '処理方策の通知', '処理方策の提示');
  const evidence = requireEvidence(
    command.evidence,
    command.today,
    '処理方策の通知',
    `自治紛争処理委員が${NOTIFICATION_RECIPIENT_NAMES[application.recipient]}に処理方策を通知した文書`,
    { date: proposal.presentedOn, step: '処理方策の提示' },
  );
  return [
    {
      type: 'SettlementProposalNotified',
      schemaVersion: V2,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        notifiedOn: command.notifiedOn,
        recipient: application.recipient,
        evidence,
      },
    },
  ];
}

export function publishProposal(command: PublishSettlementProposal, raised: RaisedDoubtState): DoubtEvent[] {
  const application = activeApplication(raised, '処理方策の公表');
  const proposal = requireProposal(application, '処理方策の公表');
  if (proposal.publishedOn !== undefined) {
    throw doubtError('ProposalAlreadyPublished', `処理方策は${proposal.publishedOn}に公表済みです。`, {
      field: 'doubtId',
    });
  }
  assertLegalDate(command.publishedOn, 'publishedOn', '処理方策の公表の日');
  assertStepNotAfterToday(command.publishedOn, command.today, 'publishedOn', '処理方策の公表の日');
  assertNonBlank(command.medium, 'medium', '公表の方法（例: 青森県報）');
  assertNotBefore(
    command.publishedOn,
    proposal.presentedOn,
    'publishedOn',
    '処理方策の公表',
    '処理方策の提示',
  );
  const evidence = requireEvidence(
    command.evidence,
    command.today,
    '処理方策の公表',
    '処理方策を公表した公報等（号数）',
    { date: proposal.presentedOn, step: '処理方策の提示' },
  );
  return [
    {
      type: 'SettlementProposalPublished',
      schemaVersion: V2,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        publishedOn: command.publishedOn,
        medium: command.medium,
        evidence,
      },
    },
  ];
}

function isStance(value: unknown): value is ResponseStance {
  return typeof value === 'string' && (RESPONSE_STANCES as readonly string[]).includes(value);
}

export function respondToProposal(
  command: RespondToSettlementProposal,
  raised: RaisedDoubtState,
): DoubtEvent[] {
  const role = requirePartyCode(raised.parties, command.respondent, 'respondent', '回答する団体');
  assertClerkScope(command.actor, raised.parties, command.respondent, '処理方策に対する回答');
  const application = activeApplication(raised, '処理方策に対する回答');
  const proposal = requireProposal(application, '処理方策に対する回答');
  const existing = proposal.responses[role];
  if (existing !== undefined) {
    throw doubtError(
      'DuplicateResponse',
      `${partyName(raised.parties, role)}は${existing.respondedOn}に処理方策に回答済みです。`,
      { field: 'respondent' },
    );
  }
  assertLegalDate(command.respondedOn, 'respondedOn', '回答の日');
  assertStepNotAfterToday(command.respondedOn, command.today, 'respondedOn', '処理方策に対する回答の日');
  if (!isStance(command.stance)) {
    throw doubtError(
      'InvalidValue',
      `回答の内容「${String(command.stance)}」は不明です（${RESPONSE_STANCES.join('、')}のいずれか）。`,
      { field: 'stance' },
    );
  }
  assertNonBlank(command.statement, 'statement', '回答の要旨');
  assertNotBefore(command.respondedOn, proposal.presentedOn, 'respondedOn', '回答', '処理方策の提示');
  const events: DoubtEvent[] = [
    {
      type: 'SettlementProposalResponded',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        respondent: partyOf(raised.parties, role),
        respondedOn: command.respondedOn,
        stance: command.stance,
        statement: command.statement,
      },
    },
  ];
  const other = proposal.responses[role === 'core' ? 'partner' : 'core'];
  if (other !== undefined) {
    const concludedOn = other.respondedOn > command.respondedOn ? other.respondedOn : command.respondedOn;
    events.push({
      type: 'DisputeConcluded',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        concludedOn,
        outcome: other.stance === 'accepts' && command.stance === 'accepts' ? 'settled' : 'not-accepted',
      },
    });
  }
  return events;
}
