/**
 * Value types shared by the agreement's commands, events and state (DESIGN.md §2.1, §12).
 * All JSON-compatible: they are stored in events.
 */
import type {
  AbolitionText,
  AgreementDocument,
  AmendmentOperation,
  EffectiveDateClause,
  LegalDate,
} from '@kyoyaku/legal-text';
import type { MunicipalityCode } from '../municipality/municipality-code';

/** 甲 (`core`, the core city) or 乙 (`partner`). Agreements are bilateral; the core city is always 甲. */
export type PartyRole = 'core' | 'partner';
export const PARTY_ROLES: readonly PartyRole[] = ['core', 'partner'];

/** A municipality taking part in an agreement. */
export interface Party {
  /** 全国地方公共団体コード, check digit verified. */
  code: MunicipalityCode;
  /** 青森市, 平内町 … */
  name: string;
}

/** 締結 (conclusion), 変更 (amendment) or 廃止 (abolition): each goes through the same steps. */
export type ProceedingKind = 'conclusion' | 'amendment' | 'abolition';
export const PROCEEDING_KINDS: readonly ProceedingKind[] = ['conclusion', 'amendment', 'abolition'];

/** 可決 / 否決. */
export type CouncilDecision = 'approved' | 'rejected';

/** The head who signs for a party: 「青森市長」「○○ ○○」. */
export interface Signatory {
  title: string;
  name: string;
}

export interface Signatories {
  core: Signatory;
  partner: Signatory;
}

/**
 * 届出の相手方 (地方自治法 第252条の2第2項): 都道府県知事, or 総務大臣 when a prefecture is a party.
 */
export type NotificationRecipient = 'prefectural-governor' | 'minister-of-internal-affairs';

export const NOTIFICATION_RECIPIENT_NAMES: Readonly<Record<NotificationRecipient, string>> = {
  'prefectural-governor': '都道府県知事',
  'minister-of-internal-affairs': '総務大臣',
};

/**
 * 届出の相手方 as recorded: the governor of one prefecture (named by the prefecture's own code,
 * e.g. 020001 for 青森県知事), or the 総務大臣. `prefectureCode` is absent only in a 届出 recorded
 * before the ledger named the prefecture (schemaVersion 1, which said only 都道府県知事).
 */
export type NotificationAddressee =
  | { kind: 'prefectural-governor'; prefectureCode?: MunicipalityCode }
  | { kind: 'minister-of-internal-affairs' };

/** The addressee as a client may state it; the ledger derives it and refuses one that contradicts. */
export interface NotificationAddresseeInput {
  kind: NotificationRecipient;
  prefectureCode?: string;
}

/**
 * A party that filed a 届出 (甲 or 乙), with its 全国地方公共団体コード. The code is absent only in a
 * 届出 recorded as schemaVersion 1, which named no party (read as filed by both).
 */
export interface NotificationFiler {
  party: PartyRole;
  municipalityCode?: MunicipalityCode;
}

/**
 * What a proceeding negotiates (協議): a whole text, amendment operations, or an abolition with its
 * reason and the 廃止協約 the councils vote on (「…を廃止する協約」, drafted by the decider). `text` is
 * absent only on abolition drafts recorded before drafts carried it.
 */
export type ProceedingDraft =
  | { kind: 'conclusion'; document: AgreementDocument }
  | AmendmentDraft
  | { kind: 'abolition'; reason: string; text?: AbolitionText };

/**
 * When an abolition or an amendment is to take effect, as its 附則 will say: `effectiveOn` (「令和6年4月1日から施行
 * する。」), or `appliesFrom` for a retroactive one (「締結の日から施行し、令和6年4月1日から適用する。」),
 * or neither (「締結の日から施行する。」). Never both.
 */
export interface EffectiveDateTerms {
  effectiveOn?: LegalDate;
  appliesFrom?: LegalDate;
}

/**
 * An amendment's draft: its operations and, when the draft states it, the 附則's 施行期日 clause the
 * councils vote on (a planned 施行日, 「締結の日から施行する」, or 遡及). A draft that states none (every
 * draft recorded before drafts carried it) leaves the 施行日 to the conclusion.
 */
export interface AmendmentDraft {
  kind: 'amendment';
  operations: AmendmentOperation[];
  effect?: EffectiveDateClause;
}

/** A draft as a command gives it: for an abolition, the reason and the terms the text is drafted from. */
export type ProceedingDraftInput =
  | { kind: 'conclusion'; document: AgreementDocument }
  | AmendmentDraft
  | ({ kind: 'abolition'; reason: string } & EffectiveDateTerms);

/** 遡及: a 施行日 before the conclusion date needs a stated reason. */
export interface Retroactivity {
  reason: string;
}

/**
 * What a correction (誤記訂正) may change, as a command asks for it. Only facts that do not change
 * the agreement's text or its time line: numbers (a 届出's 文書番号 too, also to add one a 届出 was
 * recorded without), the dates of council/notice/notification steps, and a signatory's title or name. Anything else needs an amendment proceeding.
 */
export type CorrectionInput =
  | { field: 'noticeNumber'; value: string }
  | { field: 'publishedOn'; value: LegalDate }
  | { field: 'resolutionNumber'; value: string }
  | { field: 'resolvedOn'; value: LegalDate }
  | { field: 'notifiedOn'; value: LegalDate }
  | { field: 'signatory'; party: PartyRole; value: Signatory }
  | { field: 'documentNumber'; value: string };

export type CorrectableField = CorrectionInput['field'];

/** A correction as recorded: the value before (`from`, omitted when there was none) and after. */
export type Correction =
  | { field: 'noticeNumber'; party: PartyRole; from: string; to: string }
  | { field: 'publishedOn'; party: PartyRole; from: LegalDate; to: LegalDate }
  | { field: 'resolutionNumber'; party: PartyRole; from?: string; to: string }
  | { field: 'resolvedOn'; party: PartyRole; from: LegalDate; to: LegalDate }
  | { field: 'notifiedOn'; from: LegalDate; to: LegalDate }
  | { field: 'signatory'; party: PartyRole; from: Signatory; to: Signatory }
  | { field: 'documentNumber'; from?: string; to: string };
