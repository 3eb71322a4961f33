/**
 * The JSON the public HTTP API returns, as far as the pages read it (the OpenAPI document at
 * /docs-json is the full description). Dates are `YYYY-MM-DD`, instants RFC 3339, positions strings.
 */
import type {
  AgreementDocument,
  AmendingText as DraftedAmendingText,
  AmendmentOperation,
  ComparisonTable,
  Enactments,
  MeasureCategory,
  PublicNoticeCitation,
} from '@kyoyaku/legal-text';
import type { VersionStatusToday } from '../lib/version-boundaries';

export type {
  AgreementDocument,
  ComparisonTable,
  Enactments,
  MeasureCategory,
  PublicNoticeCitation,
  VersionStatusToday,
};

export type PartyRole = 'core' | 'partner';
export type Role = 'reader' | 'clerk' | 'secretariat' | 'admin';

export interface Party {
  code: string;
  name: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** 勧告 (第252条の2第5項) to conclude a 連携協約, as the region lists it. */
export interface Recommendation {
  recommender:
    { kind: 'minister-of-internal-affairs' } | { kind: 'prefectural-governor'; prefectureCode: string };
  recommenderName: string;
  addressees: Party[];
  recommendedOn: string;
  documentNumber: string;
  content: string;
  eventId: string;
  position: string;
}

export interface RegionDoc {
  regionId: string;
  name: string;
  coreCity: Party;
  declaredOn: string;
  visions: { title: string; adoptedOn: string }[];
  recommendations: Recommendation[];
  revision: number;
}

export interface MeasureParticipant {
  agreementId: string;
  versionNumber: number;
  partner: Party;
  partnerRole: string;
  coreRole: string;
  content: string;
}

export interface RegionDetail extends RegionDoc {
  asOf: string;
  members: { code: string; name: string; agreements: { agreementId: string; versionNumber: number }[] }[];
  measuresMatrix: {
    members: Party[];
    rows: {
      measureId: string;
      category: MeasureCategory;
      name: string;
      participants: MeasureParticipant[];
    }[];
  };
}

export type MissingStepKind = 'council-resolution' | 'conclusion' | 'public-notice' | 'governor-notification';

export interface MissingStep {
  step: MissingStepKind;
  party?: PartyRole;
  /** Japanese, from the ledger: 「乙（平内町）の議会の議決（第1案の可決）」. */
  label: string;
}

export type ProceedingKind = 'conclusion' | 'amendment' | 'abolition';

export interface OpenProceedingSummary {
  proceedingId: string;
  kind: ProceedingKind;
  openedOn: string;
  status: 'negotiating' | 'concluded';
  missingSteps: MissingStep[];
}

export type AgreementStatus = 'negotiating' | 'withdrawn' | 'concluded' | 'abolished';
export type AgreementStatusToday =
  'negotiating' | 'withdrawn' | 'not-yet-in-force' | 'in-force' | 'abolished';

export interface AgreementSummary {
  agreementId: string;
  regionId: string;
  title: string;
  coreCity: Party;
  partner: Party;
  status: AgreementStatus;
  latestVersion: number | null;
  openProceedings: OpenProceedingSummary[];
  revision: number;
  lastPosition: string;
  /** Some of its facts are invented (the shipped demo). */
  illustrative?: boolean;
}

export interface AgreementListItem extends AgreementSummary {
  statusToday: AgreementStatusToday;
  today: string;
}

/** The text an amendment is drafted against (the API's `base`). */
export interface AmendmentBase {
  kind: 'end-of-timeline' | 'before-effective-date';
  asOf: string;
  versionNumbers: number[];
}

/**
 * A version list entry's base: the version it amends (the one before it in the list), not the chain
 * (the chain is on GET …/versions/{n} and on the proceeding).
 */
export interface VersionListBase {
  kind: 'before-effective-date';
  asOf: string;
  versionNumber: number;
}

/** One version of the 沿革; the list comes in 施行日 order, numbers are in conclusion order. */
export interface VersionListItem {
  agreementId: string;
  number: number;
  proceedingId: string;
  kind: 'conclusion' | 'amendment';
  concludedOn: string;
  effectiveFrom: string;
  effectiveTo?: string;
  endedBy?: 'version' | 'abolition';
  neverInForce: boolean;
  base?: VersionListBase;
  retroactive?: { reason: string };
  recordedAt: string;
  recordedAtPosition?: string;
  eventId: string;
  title: string;
  statusToday: VersionStatusToday;
  /** Its entry in a 例規集's 沿革 (令和3年3月25日一部変更（令和3年4月1日施行）), 未施行 marked. */
  label: string;
  /** Each party's 告示 of the proceeding that made it, once recorded. */
  notices: Partial<Record<PartyRole, PublicNoticeCitation>>;
}

/** The 廃止, once concluded. */
export interface AbolitionListItem {
  proceedingId: string;
  concludedOn: string;
  effectiveOn: string;
  retroactive?: { reason: string };
  reason: string;
  label: string;
}

/** A page of the 沿革 as the API answers it (`GET …/versions?after=&limit=`). */
export interface VersionPage extends Page<VersionListItem> {
  today: string;
  abolition?: AbolitionListItem;
}

/** The whole 沿革, every page read (readVersions). */
export interface VersionList {
  today: string;
  versions: VersionListItem[];
  abolition?: AbolitionListItem;
}

export interface TextAsOf {
  agreementId: string;
  asOf: string;
  asOfWareki: string;
  knownAt?: string;
  version: {
    number: number;
    proceedingId: string;
    concludedOn: string;
    effectiveFrom: string;
    effectiveTo?: string;
    retroactive?: { reason: string };
  };
  style: 'municipal' | 'kanji';
  text: string;
  document: AgreementDocument;
  /** What the 例規集 form prints besides the document: the original's 告示, each amendment's 附則. */
  enactments: Enactments;
}

export interface CouncilResolution {
  party: PartyRole;
  decision: 'approved' | 'rejected';
  resolvedOn: string;
  draftNumber: number;
  resolutionNumber?: string;
}

export interface PublicNotice {
  party: PartyRole;
  noticeNumber: string;
  publishedOn: string;
}

export interface Proceeding {
  proceedingId: string;
  agreementId: string;
  kind: ProceedingKind;
  openedOn: string;
  status: 'negotiating' | 'concluded' | 'withdrawn';
  /** `revision`: the stream revision that recorded the draft (its history entry's). */
  drafts: { draftNumber: number; draftedOn: string; revision?: number }[];
  resolutions: CouncilResolution[];
  conclusion?: {
    concludedOn: string;
    effectiveOn: string;
    signatories: Record<PartyRole, { title: string; name: string }>;
    versionNumber?: number;
  };
  notices: Partial<Record<PartyRole, PublicNotice>>;
  /** Each party's 届出; a joint one (連名) stands under both. */
  notifications: Partial<Record<PartyRole, GovernorNotification>>;
  withdrawal?: { withdrawnOn: string; reason: string };
  completed: boolean;
  missingSteps: MissingStep[];
  /** For an amendment: the text it is drafted against. */
  base?: AmendmentBase;
}

/** A party's 届出 (地方自治法 第252条の2第2項). */
export interface GovernorNotification {
  filedBy: PartyRole[];
  addressee:
    { kind: 'prefectural-governor'; prefectureCode?: string } | { kind: 'minister-of-internal-affairs' };
  /** 青森県知事, 総務大臣 (都道府県知事 for one recorded before the prefecture was named). */
  addresseeName: string;
  notifiedOn: string;
  documentNumber?: string;
  /** Recorded before 届出 had a party and a 文書番号: read as filed by both. */
  recordedBeforeDocumentNumbers?: true;
}

export interface TimelineEntry {
  position: string;
  revision: number;
  eventId: string;
  type: string;
  recordedAt: string;
  actor: { id: string; role: Role; municipalityCode?: string };
  summary: string;
  proceedingId?: string;
  /** Another stream's event shown here (a 勧告 recorded on the region). */
  streamId?: string;
}

export interface ComparedText {
  label: string;
  versionNumber: number;
  effectiveFrom: string;
  knownAt?: string;
  /** The column's header as printed: 「令和3年3月25日変更（令和3年4月1日施行）」. */
  heading: string;
}

export interface AgreementComparison {
  agreementId: string;
  from: ComparedText;
  to: ComparedText;
  underlines: 'amendment' | 'word-diff';
  table: ComparisonTable;
  /** The printed title names the parties: 「青森市と平内町との…連携協約」. */
  render: { title?: string };
}

/** GET /agreements/{id}/drafts/base: the text a new amendment amends (the last version in 施行日 order). */
export interface DraftBase {
  agreementId: string;
  versionNumber: number;
  effectiveFrom: string;
  /** As printed: what the amendment editor lets the officer change. */
  text: string;
}

/** POST /agreements/{id}/drafts/preview: the documents of a proposed amendment (案); nothing recorded. */
export interface DraftPreview {
  agreementId: string;
  recorded: false;
  source: 'operations' | 'text' | 'amendingText';
  base: { versionNumber: number; effectiveFrom: string };
  operations: AmendmentOperation[];
  document: AgreementDocument;
  text: string;
  amendingText: DraftedAmendingText;
  comparison: { title: string; table: ComparisonTable };
}

export interface AmendingText {
  proceedingId: string;
  effectiveOn: string;
  title: string;
  lines: string[];
  text: string;
}

export interface CommandResult {
  streamId: string;
  revision: string;
  position: string;
  eventIds: string[];
  projected: boolean;
}

export interface Checkpoint {
  origin: string;
  size: string;
  root: string;
  note: string;
}

export interface Health {
  status: string;
  store: { kind: string; headPosition: string };
  projection: { checkpoint: string; lag: number };
  integrity: {
    lastCheckpoint: { size: string; root: string; issuedAt: string; reason?: string } | null;
    verification: {
      status: 'not-yet-checked' | 'ok' | 'failed';
      checkedAt?: string;
      size?: string;
      problem?: string;
    };
  };
}

/** A 年度 as the registers name it. */
export interface FiscalPeriod {
  fiscalYear: number;
  label: string;
  start: string;
  end: string;
}

/** Decided against settled, whole yen as digit strings (settled null until the 決算). */
export interface CostShareFigures {
  decided: string;
  settled: string | null;
  difference: string | null;
  projects: number;
  settledProjects: number;
}

export interface RegionCostShares {
  regionId: string;
  fiscalYear: number;
  period: FiscalPeriod;
  projects: {
    projectId: string;
    projectName: string;
    measure: { category: MeasureCategory; measureId: string; name: string };
    decisionId: string;
    decidedOn: string;
    revised: boolean;
    consultationId: string | null;
    reasonWithoutConsultation: string | null;
    decided: string;
    settled: string | null;
    difference: string | null;
    illustrative?: boolean;
  }[];
  byMunicipality: (CostShareFigures & { municipalityCode: string; name: string })[];
  byMeasure: (CostShareFigures & { measureId: string; name: string; category: MeasureCategory })[];
  totals: CostShareFigures;
}

export interface ConsultationEntry {
  consultationId: string;
  regionId: string;
  kind: string;
  status: 'scheduled' | 'held' | 'postponed' | 'cancelled';
  scheduledOn: string;
  heldOn?: string | null;
  fiscalYear: number;
  /** Codes of the participants, the core city first (the same order as `parties`). */
  participants: string[];
  parties: Party[];
  attendees: { municipalityCode: string; municipalityName: string; title: string; name?: string }[];
  agenda: string[];
  minutes?: string | null;
  /** `cites`: the record an outcome is about, as the ledger found it when the outcome was recorded. */
  outcomes: {
    kind: string;
    summary: string;
    cites?: { streamId: string; eventId: string; type: string; position: string };
  }[];
  postponements: { reason: string; postponedOn: string; from: string; to: string | null }[];
  cancellation: { reason: string; cancelledOn: string } | null;
  /** The stream revision: what a write on it sends as If-Match. */
  revision: number;
  illustrative?: boolean;
}

export interface ComplianceFinding {
  code: string;
  severity: 'violation' | 'notice';
  message: string;
}

export interface Compliance {
  agreementId: string;
  fiscalYear: number;
  period: FiscalPeriod;
  yearEnded: boolean;
  inForce: { duringYear: boolean };
  consultations: { periodicHeld: boolean; held: unknown[] };
  costShares: { withConsultation: unknown[]; withoutConsultation: unknown[] };
  proceedings: { missingSteps: unknown[] };
  findings: ComplianceFinding[];
  compliant: boolean;
}

export interface DoubtListItem {
  doubtId: string;
  agreementId: string;
  raisedBy: Party & { role: PartyRole };
  raisedOn: string;
  citation: { kind: string; label: string };
  question: string;
  status: string;
  statusLabel: string;
  pinnedVersion: number | null;
}

export interface DossierEventRef {
  position: string;
  eventId: string;
  streamId: string;
  type: string;
  recordedAt: string;
  summary: string;
  detail?: string;
}

export interface DossierTextSegment {
  text: string;
  changed: boolean;
  width?: number;
}

export interface CitedTextAt {
  ledgerPosition: string;
  ledgerRecordedAt: string;
  versionNumber: number;
  effectiveFrom: string;
  text: string;
}

/** The dispute dossier (紛争記録), as far as the page shows it. */
export interface Dossier {
  generatedAt: string;
  ledgerSize: string;
  agreement: { agreementId: string; title: string; coreCity: Party; partner: Party };
  doubt: {
    doubtId: string;
    status: string;
    statusLabel: string;
    raisedBy: Party & { role: PartyRole };
    raisedOn: string;
    question: string;
    citation: { kind: string; label: string };
  };
  citedProvision: {
    asOf: string;
    then: CitedTextAt | null;
    now: CitedTextAt | null;
    differs: boolean;
    difference?: { then: DossierTextSegment[]; now: DossierTextSegment[] } | null;
    explainedBy?: DossierEventRef[];
  } | null;
  laterEvents: (DossierEventRef & { effect?: string })[];
  consultations: {
    consultationId: string;
    roles: string[];
    /** The register entry; null when the consultations register has no such consultation. */
    register: { kind: string; heldOn?: string | null; scheduledOn: string; status: string } | null;
  }[];
  resolution: { resolvedOn: string; resolution: string; consultationId?: string | null } | null;
  withdrawal: { withdrawnOn?: string; reason?: string } | null;
  timeline: DossierEventRef[];
  integrity: {
    treeSize: string;
    checkpoint: { note: string; size: string; root: string };
    verifierKey: string;
    proofs: unknown[];
  };
}

/** GET /auth/whoami: who the signed-in token is. */
export interface Whoami {
  id: string;
  role: Role;
  municipalityCode: string | null;
}

/** A project (事業) under one 連携施策, as GET /regions/{id}/projects lists it. */
export interface ProjectSummary {
  projectId: string;
  regionId: string;
  coreCity: Party;
  name: string;
  measure: { measureId: string; name: string; category: MeasureCategory };
  participants: Party[];
  registeredOn: string;
  fiscalYears: number[];
  /** The stream revision: what a write on it sends as If-Match. */
  revision: number;
}

/** One municipality's share of a decided total, as the ledger allocated it. */
export interface Allocation {
  municipalityCode: string;
  name: string;
  /** Whole yen, digits. */
  amount: string;
  /** The exact share of the total (reduced fraction); absent for fixed amounts. */
  share?: { numerator: string; denominator: string };
  /** Got one of the yen left over by rounding down. */
  roundedUp?: boolean;
}

export interface CostShareDecision {
  decisionId: string;
  fiscalYear: number;
  kind: 'decision' | 'revision';
  status: 'in-force' | 'superseded';
  decidedOn: string;
  total: string;
  allocations: Allocation[];
  consultationId: string | null;
  reasonWithoutConsultation: string | null;
  event: { streamId: string; eventId: string; position: string };
}

/** GET /projects/{pid}/cost-shares?fiscalYear=: a project's register of one year. */
export interface ProjectCostShares {
  project: { projectId: string; name: string; revision: number };
  fiscalYears: { fiscalYear: number; period: FiscalPeriod; decisions: CostShareDecision[] }[];
}

/** GET /agreements/{id}/measures?asOf=: the 連携施策 of the version in force on a date. */
export interface MeasuresAsOf {
  agreementId: string;
  asOf: string;
  versionNumber: number;
  measures: { id: string; name: string; category: MeasureCategory; categoryLabel: string }[];
}

/** An event exactly as the ledger stores it (GET /events), as far as the page reads it. */
export interface RawEvent {
  eventId: string;
  streamId: string;
  position: string;
  type: string;
  [field: string]: unknown;
}

/** GET /doubts/{did}: one doubt with its steps (as far as the forms read it); ETag = `revision`. */
export interface DoubtView {
  doubtId: string;
  agreementId: string;
  regionId: string;
  parties: Record<PartyRole, Party>;
  raisedBy: Party & { role: PartyRole };
  raisedOn: string;
  status: 'open' | 'escalated' | 'resolved' | 'withdrawn' | 'settled' | 'unsettled';
  statusLabel: string;
  consultations: { consultationId: string; consultationStatus: string; role: 'discussion' | 'resolution' }[];
  /** In filing order: the last one is the current application. */
  applications: {
    status: 'pending' | 'withdrawn' | 'proposal-presented' | 'concluded';
    applicant: Party & { role: PartyRole };
    appointment?: { appointedOn: string };
    proposal?: {
      presentedOn: string;
      notifiedOn?: string;
      publishedOn?: string;
      responses: Partial<Record<PartyRole, { respondedOn: string }>>;
    };
  }[];
  revision: number;
}
