import type {
  Citation,
  DisputeApplicationState,
  DisputeStepEvidence,
  DoubtParty,
  Party,
  ProceedingKind,
  ProceedingStatus,
} from '@kyoyaku/domain';
import type { ExportedEvent } from '@kyoyaku/ledger';
import type { Segment } from '@kyoyaku/legal-text';
import type { ConsultationCitation, ConsultationView, DoubtView } from '@kyoyaku/projections';
import type { SignedCheckpoint } from '@kyoyaku/runtime';

/** An event the dossier cites: where it is in the ledger and what it says, in one Japanese line. */
export interface DossierEventRef {
  position: string;
  eventId: string;
  streamId: string;
  type: string;
  recordedAt: string;
  summary: string;
  /** A reason the event states (遡及の理由, 訂正の理由 …). */
  detail?: string;
}

/** The cited text as one version states it, read from the ledger as it stood at a position. */
export interface CitedTextAt {
  /** Transaction time: only events recorded at or before this position count. */
  ledgerPosition: string;
  /** When the event at that position was recorded. */
  ledgerRecordedAt: string;
  versionNumber: number;
  proceedingId: string;
  effectiveFrom: string;
  effectiveTo?: string;
  retroactive?: { reason: string };
  /** The ProceedingConcluded event that made the version. */
  concludedBy: DossierEventRef | null;
  /** The cited text in that version; null when the version has no such provision or measure, '' for 定めのない事項. */
  text: string | null;
}

export type LaterEffect =
  'text-changed' | 'amendment-proposed' | 'proposal-withdrawn' | 'abolished' | 'correction';

export interface LaterEvent extends DossierEventRef {
  effect: LaterEffect;
  /** For `text-changed`: the cited text in the version the event made (null: removed). */
  citedTextAfter?: string | null;
}

export interface DossierConsultation {
  consultationId: string;
  /** How the doubt is linked to it. */
  roles: ('discussion' | 'resolution')[];
  /** The register entry; null when the consultation register has no such consultation. */
  register: ConsultationView | null;
  events: DossierEventRef[];
  /** Everything else the ledger records as decided at or about it (cost shares, other doubts …). */
  citedBy: ConsultationCitation[];
}

export interface InclusionProof {
  position: string;
  leafIndex: string;
  /** base64 of the RFC 9162 leaf hash. */
  leafHash: string;
  /** base64 sibling hashes from the leaf up (RFC 9162 §2.1.3). */
  proof: string[];
  /** The event exactly as exported (GET /ledger/export): its hash is recomputed by the verifier. */
  event: ExportedEvent;
}

/**
 * A step of the dispute procedure taken outside the parties (地方自治法 第251条の3の2): by the 知事
 * (総務大臣), who appoints the commissioners, or by the 自治紛争処理委員, who present, notify and publish
 * the 処理方策. The ledger holds it as the secretariat (or an admin) recorded it from its document.
 */
export interface DossierStepOutsideTheParties {
  step: 'appointment' | 'proposal-presented' | 'proposal-notified' | 'proposal-published';
  /** Who took the step: 都道府県知事 / 総務大臣, or 自治紛争処理委員. */
  takenBy: string;
  /** The step's date. */
  on: string;
  /** The document that proves it; null for a step recorded before the document was required. */
  evidence: DisputeStepEvidence | null;
  /** Who recorded it in the ledger (from the event's metadata): the secretariat or an admin. */
  recordedBy: { id: string; role: string; municipalityCode?: string };
  event: DossierEventRef;
}

/** An application of the statutory procedure, with its steps taken outside the parties. */
export interface DossierApplication extends DisputeApplicationState {
  stepsOutsideTheParties: DossierStepOutsideTheParties[];
}

/** The dispute dossier (GET /doubts/{did}/dossier). */
export interface Dossier {
  kind: 'kyoyaku-dispute-dossier';
  version: 1;
  generatedAt: string;
  /** The ledger's size the dossier was built at: every read below stops there. */
  ledgerSize: string;
  agreement: { agreementId: string; title: string; regionId: string; coreCity: Party; partner: Party };
  doubt: {
    doubtId: string;
    status: DoubtView['status'];
    statusLabel: string;
    raisedBy: DoubtParty;
    raisedOn: string;
    question: string;
    citation: Citation;
    pinned: DoubtView['pinned'];
  };
  /** What the agreement said on the raised date, as the ledger stood then and as it stands now. */
  citedProvision: {
    asOf: string;
    then: CitedTextAt | null;
    now: CitedTextAt | null;
    /** The cited text then and now differ. */
    differs: boolean;
    /** Another version is in force on the raised date now than then (even if the cited text is the same). */
    versionChanged: boolean;
    /** Token diff of the two texts (changed words marked). */
    difference: { then: Segment[]; now: Segment[] } | null;
    /** The text pinned in the DoubtRaised event equals the replay at the pinned position. */
    pinnedTextConfirmed: boolean;
    /** Events recorded after the pin that changed what was in force on the raised date, or corrected how. */
    explainedBy: DossierEventRef[];
  };
  /** Every later event of the agreement that touched the cited provision or measure. */
  laterEvents: LaterEvent[];
  consultations: DossierConsultation[];
  /** Cost-share decisions (and revisions) made at the consultations linked to the doubt. */
  costShareDecisions: ConsultationCitation[];
  resolution:
    | (NonNullable<DoubtView['resolution']> & {
        followUpProceeding: {
          proceedingId: string;
          kind: ProceedingKind;
          status: ProceedingStatus;
          openedOn: string;
          events: DossierEventRef[];
        } | null;
      })
    | null;
  withdrawal: NonNullable<DoubtView['withdrawal']> | null;
  /** The provisions of the statutory procedure the dossier records: 第252条の2第7項 and 第251条の3の2. */
  legalBasis: string[];
  /** The statutory procedure (申請 → 委員 → 処理方策 → 回答). */
  escalation: DossierApplication[];
  /** Every event of the doubt, in order. */
  timeline: DossierEventRef[];
  integrity: {
    treeSize: string;
    checkpoint: SignedCheckpoint;
    /** The key that verifies the checkpoint (also at GET /ledger/verifier-key). */
    verifierKey: string;
    /** `<name>+<key hash>`, as the note's signature line names it. */
    keyId: string;
    howToVerify: string;
    proofs: InclusionProof[];
  };
}
