/**
 * The JSON the public HTTP API returns, as far as the pages read it (the OpenAPI document at
 * /docs-json is the full description). Dates are `YYYY-MM-DD`, instants RFC 3339, positions strings.
 */
import type { AgreementDocument, ComparisonTable, MeasureCategory } from '@kyoyaku/legal-text';
import type { VersionStatusToday } from '../lib/version-boundaries';

export type { AgreementDocument, ComparisonTable, MeasureCategory, VersionStatusToday };

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

export interface RegionDoc {
  regionId: string;
  name: string;
  coreCity: Party;
  declaredOn: string;
  visions: { title: string; adoptedOn: string }[];
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
}

export interface AgreementListItem extends AgreementSummary {
  statusToday: AgreementStatusToday;
  today: string;
}

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
  retroactive?: { reason: string };
  recordedAt: string;
  recordedAtPosition?: string;
  eventId: string;
  title: string;
  statusToday: VersionStatusToday;
}

export interface VersionList {
  today: string;
  versions: VersionListItem[];
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
  drafts: { draftNumber: number; draftedOn: string }[];
  resolutions: CouncilResolution[];
  conclusion?: {
    concludedOn: string;
    effectiveOn: string;
    signatories: Record<PartyRole, { title: string; name: string }>;
    versionNumber?: number;
  };
  notices: Partial<Record<PartyRole, PublicNotice>>;
  notification?: { recipient: 'prefectural-governor' | 'minister-of-internal-affairs'; notifiedOn: string };
  withdrawal?: { withdrawnOn: string; reason: string };
  completed: boolean;
  missingSteps: MissingStep[];
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
}

export interface ComparedText {
  label: string;
  versionNumber: number;
  effectiveFrom: string;
  knownAt?: string;
}

export interface AgreementComparison {
  agreementId: string;
  from: ComparedText;
  to: ComparedText;
  table: ComparisonTable;
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
  }[];
  byMunicipality: (CostShareFigures & { municipalityCode: string; name: string })[];
  byMeasure: (CostShareFigures & { measureId: string; name: string; category: MeasureCategory })[];
  totals: CostShareFigures;
}

export interface ConsultationEntry {
  consultationId: string;
  kind: string;
  status: 'scheduled' | 'held' | 'postponed' | 'cancelled';
  scheduledOn: string;
  heldOn?: string | null;
  fiscalYear: number;
  parties: Party[];
  attendees: { municipalityCode: string; municipalityName: string; title: string }[];
  agenda: string[];
  minutes?: string | null;
  outcomes: { kind: string; summary: string }[];
  postponements: { reason: string; postponedOn: string; from: string; to: string | null }[];
  cancellation: { reason: string; cancelledOn: string } | null;
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
  summary?: string;
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
    register: { heldOn?: string | null; scheduledOn: string; status: string };
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
