/**
 * Value types of doubts (疑義) and disputes (DESIGN.md §2.1, §2.3): what a doubt cites, what the
 * ledger pins when it is raised, and the steps of the statutory procedure (地方自治法 第252条の2第7項,
 * 第251条の3の2). All JSON-compatible: they are stored in events.
 */
import type { AgreementDocument, LegalDate, ProvisionPath } from '@kyoyaku/legal-text';
import type { NotificationRecipient, Party, PartyRole, ProceedingKind } from '../agreement/agreement.types';
import type { ProceedingStatus } from '../agreement/agreement.state';
import type { ConsultationKind, ConsultationStatus } from '../consultation/consultation.events';
import type { AgreementStatusOn } from '../agreement/agreement-versions';

/**
 * What a doubt is about: a provision (条・項・号), a measure (連携施策) of the 別表, or nothing the
 * agreement states (定めのない事項, 第6条 「この協約に定めのない事項」).
 */
export type CitationInput =
  | { kind: 'provision'; path: ProvisionPath }
  | { kind: 'measure'; measureId: string }
  | { kind: 'unspecified' };

/** A citation as recorded: with its label as the pinned version states it. */
export type Citation =
  | { kind: 'provision'; path: ProvisionPath; label: string }
  | { kind: 'measure'; measureId: string; label: string }
  | { kind: 'unspecified'; label: string };

export type CitationKind = Citation['kind'];

/** The label of a 定めのない事項 in every rendering. */
export const UNSPECIFIED_MATTER_LABEL = '定めのない事項';

/**
 * Pinned on raising: the version in force on the raised date and the ledger's head position at the
 * time, so the dossier can show what the agreement said then, as the ledger stood then.
 */
export interface PinnedVersion {
  versionNumber: number;
  proceedingId: string;
  /** 施行日 of the pinned version. */
  effectiveFrom: LegalDate;
  /** The ledger's head position (a decimal string) when the doubt was raised. */
  ledgerPosition: string;
  /** The cited text as the pinned version states it (municipal style); '' for a 定めのない事項. */
  citedText: string;
}

/** A party as a doubt records it: 甲 or 乙, with its code and name. */
export interface DoubtParty extends Party {
  role: PartyRole;
}

/** 甲 and 乙 of the agreement the doubt is about. */
export interface DoubtParties {
  core: Party;
  partner: Party;
}

/**
 * Facts about the agreement the application reads for RaiseDoubt (the domain stays pure): the
 * parties and the version in force on the raised date, as the ledger stood at `ledgerPosition`.
 */
export interface AgreementFacts {
  agreementId: string;
  regionId: string;
  coreCity: Party;
  partner: Party;
  /** Where the agreement stands on the raised date (valid time). */
  statusOnRaisedDate: AgreementStatusOn;
  /** The version in force on the raised date; absent unless `statusOnRaisedDate` is in-force. */
  versionInForce?: {
    number: number;
    proceedingId: string;
    effectiveFrom: LegalDate;
    document: AgreementDocument;
  };
}

/** Facts about a consultation the application reads from the consultation register. */
export interface ConsultationFacts {
  consultationId: string;
  /** With scheduledOn, names the consultation in a refusal (consultationName). */
  kind: ConsultationKind;
  regionId: string;
  /** 「青森圏域連携中枢都市圏」: the region as a refusal names it. */
  regionName: string;
  status: ConsultationStatus;
  scheduledOn: LegalDate;
  /** Set once the consultation was held. */
  heldOn: LegalDate | null;
  /** 全国地方公共団体コード of the municipalities taking part. */
  participants: string[];
}

/** Facts about the follow-up proceeding a resolution names (read from the agreement). */
export interface ProceedingFacts {
  proceedingId: string;
  kind: ProceedingKind;
  status: ProceedingStatus;
  openedOn: LegalDate;
}

/**
 * - `open`: raised (and possibly discussed at consultations);
 * - `escalated`: an application to the 知事 (総務大臣) for 自治紛争処理委員 is pending or decided;
 * - `resolved`: settled by agreement of both parties at a consultation (第6条);
 * - `withdrawn`: withdrawn by the party that raised it;
 * - `settled`: both parties accepted the 処理方策;
 * - `unsettled`: both parties responded to the 処理方策 and at least one did not accept it (the
 *   処理方策 must be respected but does not bind).
 */
export type DoubtStatus = 'open' | 'escalated' | 'resolved' | 'withdrawn' | 'settled' | 'unsettled';

/** The recipient of an application for 自治紛争処理委員: the same rule as the 届出 (第252条の2第7項). */
export type DisputeRecipient = NotificationRecipient;

/** 自治紛争処理委員 (three per case, 第251条第2項). */
export interface Commissioner {
  name: string;
  /** Their profession or office, e.g. 弁護士, 大学教授. */
  title: string;
}

/**
 * The document that proves a step taken outside the parties — the 知事's (総務大臣's) appointment of
 * the commissioners, the 処理方策 the commissioners present, their notification of it and its
 * publication (地方自治法 第251条の3の2). The secretariat records these steps from the document.
 */
export interface DisputeStepEvidence {
  /** 文書番号 (青森県指令市第100号), or for a publication the gazette's issue (青森県報第3000号). */
  documentNumber: string;
  /** The document's date. */
  documentDate: LegalDate;
}

/** A party's response to the 処理方策 (尊重義務: it must be respected, it does not bind). */
export type ResponseStance = 'accepts' | 'accepts-in-part' | 'does-not-accept';

export const RESPONSE_STANCES: readonly ResponseStance[] = ['accepts', 'accepts-in-part', 'does-not-accept'];

export const RESPONSE_STANCE_NAMES: Readonly<Record<ResponseStance, string>> = {
  accepts: '処理方策を尊重し必要な措置を執る',
  'accepts-in-part': '処理方策の一部を尊重する',
  'does-not-accept': '処理方策に応じない',
};

export const DOUBT_STATUS_NAMES: Readonly<Record<DoubtStatus, string>> = {
  open: '協議中',
  escalated: '紛争処理手続中',
  resolved: '解決（協議）',
  withdrawn: '取下げ',
  settled: '解決（処理方策）',
  unsettled: '処理方策に応じない当事者あり',
};
