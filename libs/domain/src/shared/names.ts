/**
 * Records as a clerk names them in a refusal: by what they are and when, never by the id a
 * program gave them (the id stays in the problem's machine fields and in URLs). The web
 * application names them the same way (apps/web/src/lib/proceeding-name.ts).
 */
import { EVENT_TYPE_NAMES, toWareki, type LegalDate } from '@kyoyaku/legal-text';
import type { AgreementStatusOn } from '../agreement/agreement-versions';
import type { AgreementCommandType } from '../agreement/agreement.commands';
import { AGREEMENT_EVENT_TYPES, type AgreementEventType } from '../agreement/agreement.events';
import type { ConsultationCommandType } from '../consultation/consultation.commands';
import { CONSULTATION_EVENT_TYPES, type ConsultationEventType } from '../consultation/consultation.events';
import type { DoubtCommandType } from '../doubt/doubt.commands';
import { DOUBT_EVENT_TYPES, type DoubtEventType } from '../doubt/doubt.events';
import type { ProjectCommandType } from '../project/project.commands';
import { PROJECT_EVENT_TYPES, type ProjectEventType } from '../project/project.events';
import type { RegionCommandType } from '../region/region.commands';
import { REGION_EVENT_TYPES, type RegionEventType } from '../region/region.events';
import type { ActorRole } from './actor';

export { eventTypeName } from '@kyoyaku/legal-text';

type EventType =
  AgreementEventType | ConsultationEventType | DoubtEventType | ProjectEventType | RegionEventType;

/** Every event type the product records: the types of each aggregate's stream. */
export const RECORDED_EVENT_TYPES: readonly EventType[] = [
  ...AGREEMENT_EVENT_TYPES,
  ...REGION_EVENT_TYPES,
  ...PROJECT_EVENT_TYPES,
  ...CONSULTATION_EVENT_TYPES,
  ...DOUBT_EVENT_TYPES,
];

/** Every event type of the domain by its Japanese name: legal-text's table, which the web shows too. */
export const DOMAIN_EVENT_TYPE_NAMES: Readonly<Record<EventType, string>> = EVENT_TYPE_NAMES;

/** The roles as the web application labels them (閲覧者, 担当職員, 事務局, 管理者). */
export const ROLE_NAMES: Readonly<Record<ActorRole, string>> = {
  reader: '閲覧者',
  clerk: '担当職員',
  secretariat: '事務局',
  admin: '管理者',
};

/** A role by its Japanese name; one the ledger does not know is quoted as sent. */
export function roleName(role: unknown): string {
  return typeof role === 'string' && Object.hasOwn(ROLE_NAMES, role)
    ? ROLE_NAMES[role as ActorRole]
    : `不明な役割「${String(role)}」`;
}

/** The refusal of a role over HTTP: 「担当職員はこの操作を行えません（行える役割: 事務局、管理者）。」 */
export function roleNotAllowedMessage(role: unknown, allowed: readonly ActorRole[]): string {
  return `${roleName(role)}はこの操作を行えません（行える役割: ${allowed.map(roleName).join('、')}）。`;
}

type CommandType =
  AgreementCommandType | ConsultationCommandType | DoubtCommandType | ProjectCommandType | RegionCommandType;

/** What each command records, as a refusal of it says 「…は事務局又は管理者が行います」. */
const COMMAND_NAMES: Readonly<Record<CommandType, string>> = {
  OpenAgreement: '協約案の登録',
  ReviseDraft: '案の修正',
  RecordCouncilResolution: '議会の議決の記録',
  ConcludeProceeding: '締結の記録',
  RecordPublicNotice: '告示の記録',
  RecordGovernorNotification: '届出の記録',
  ProposeAmendment: '変更手続の開始',
  ProposeAbolition: '廃止手続の開始',
  WithdrawProceeding: '手続の取下げ',
  RecordCorrection: '誤記訂正',
  ScheduleConsultation: '協議の予定の登録',
  RecordConsultation: '協議の開催の記録',
  PostponeConsultation: '協議の延期の記録',
  CancelConsultation: '協議の中止の記録',
  RegisterProject: '事業の登録',
  DecideCostShare: '費用分担の決定の記録',
  ReviseCostShare: '費用分担の見直しの記録',
  SettleCostShare: '費用分担の決算の記録',
  DeclareRegion: '連携中枢都市宣言の記録',
  AdoptVision: '都市圏ビジョンの策定の記録',
  RecordRecommendation: '勧告の記録',
  RaiseDoubt: '疑義の提起',
  DiscussDoubt: '疑義の協議への付議',
  ResolveDoubt: '疑義の解決の記録',
  WithdrawDoubt: '疑義の取下げ',
  FileDisputeApplication: '自治紛争処理委員による処理の申請',
  AppointDisputeCommissioners: '自治紛争処理委員の任命の記録',
  WithdrawDisputeApplication: '処理の申請の取下げ',
  PresentSettlementProposal: '処理方策の提示の記録',
  NotifySettlementProposal: '処理方策の通知の記録',
  PublishSettlementProposal: '処理方策の公表の記録',
  RespondToSettlementProposal: '処理方策に対する回答',
};

/** A command by what it records; one the ledger does not know is 「この記録」. */
export function commandName(type: string): string {
  return Object.hasOwn(COMMAND_NAMES, type) ? COMMAND_NAMES[type as CommandType] : 'この記録';
}

/** The refusal of a role: 「協議の予定の登録は事務局又は管理者が行います（現在の役割: 担当職員）。」 */
export function privilegedOnlyMessage(commandType: string, role: unknown): string {
  return `${commandName(commandType)}は${ROLE_NAMES.secretariat}又は${ROLE_NAMES.admin}が行います（現在の役割: ${roleName(role)}）。`;
}

/** 令和8年12月10日; the ISO date itself where the 和暦 does not reach (before 昭和). */
export function warekiOrIso(date: LegalDate): string {
  try {
    return toWareki(date);
  } catch {
    return date;
  }
}

/** 「定期的な協議（令和8年12月10日）」: its kind and the day set for it. */
export function consultationName(consultation: { kind?: string; scheduledOn: LegalDate }): string {
  const kind = consultation.kind === 'periodic' ? '定期的な協議' : '協議';
  return `${kind}（${warekiOrIso(consultation.scheduledOn)}）`;
}

/** 「今別町が提起した疑義（令和8年10月1日）」: who raised it and when, as the dossier is titled. */
export function doubtName(doubt: { raisedBy: { name: string }; raisedOn: LegalDate }): string {
  return `${doubt.raisedBy.name}が提起した疑義（${warekiOrIso(doubt.raisedOn)}）`;
}

/** A proceeding's kind as a clerk names it: 締結, 変更, 廃止 (手続, の案 follow). */
export const PROCEEDING_KIND_NAMES: Readonly<Record<'conclusion' | 'amendment' | 'abolition', string>> = {
  conclusion: '締結',
  amendment: '変更',
  abolition: '廃止',
};

/**
 * 「変更手続（令和8年11月20日開始）」: its kind and the day it was opened. With `withId`, the id
 * follows for a refusal that lists what may be sent: 「…（令和8年11月20日開始、手続ID p-2026）」.
 */
export function proceedingName(
  proceeding: { kind: 'conclusion' | 'amendment' | 'abolition'; openedOn: LegalDate; proceedingId?: string },
  withId = false,
): string {
  const id = withId && proceeding.proceedingId !== undefined ? `、手続ID ${proceeding.proceedingId}` : '';
  return `${PROCEEDING_KIND_NAMES[proceeding.kind]}手続（${warekiOrIso(proceeding.openedOn)}開始${id}）`;
}

/** 「青森市と平内町の連携協約」. */
export function agreementName(agreement: { coreCity: { name: string }; partner: { name: string } }): string {
  return `${agreement.coreCity.name}と${agreement.partner.name}の連携協約`;
}

/** What an agreement is on a day, in a refusal's words: 「その日は締結前（協議中）です」. */
export const AGREEMENT_STATUS_ON_NAMES: Readonly<Record<AgreementStatusOn, string>> = {
  negotiating: '締結前（協議中）',
  withdrawn: '締結に至らず取り下げられた後',
  'not-yet-in-force': '締結済み・施行前（未施行）',
  'in-force': '施行中',
  abolished: '廃止後',
};
