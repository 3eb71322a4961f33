import {
  NOTIFICATION_RECIPIENT_NAMES,
  RESPONSE_STANCE_NAMES,
  type DisputeStepEvidence,
  type DoubtEvent,
  type DoubtParty,
} from '@kyoyaku/domain';
import { toWareki } from '@kyoyaku/legal-text';

const party = (p: DoubtParty): string => `${p.role === 'core' ? '甲' : '乙'}（${p.name}）`;

/** 「、青森県指令市第100号（令和8年11月27日付け）」, or nothing for a step recorded without its document. */
const document = (evidence: DisputeStepEvidence | null): string =>
  evidence === null ? '' : `、${evidence.documentNumber}（${toWareki(evidence.documentDate)}付け）`;

/** The one-line Japanese summary of a doubt event (履歴). */
export function summarizeDoubtEvent(event: DoubtEvent): string {
  switch (event.type) {
    case 'DoubtRaised': {
      const d = event.data;
      return `${party(d.raisedBy)}が疑義を提起（${toWareki(d.raisedOn)}、${d.citation.label}、第${d.pinned.versionNumber}版）`;
    }
    case 'DoubtDiscussedAtConsultation':
      // The consultation by its date, as a clerk names it; its id stays in the event for links.
      return `協議（${toWareki(event.data.consultationDate)}）に付議`;
    case 'DoubtResolved': {
      const d = event.data;
      const followUp = d.followUpProceedingId === undefined ? '' : '、変更の手続を開始';
      return `協議で双方が合意し解決（${toWareki(d.resolvedOn)}${followUp}）`;
    }
    case 'DoubtWithdrawn':
      return `疑義を取下げ（${toWareki(event.data.withdrawnOn)}、理由：${event.data.reason}）`;
    case 'DisputeApplicationFiled': {
      const d = event.data;
      return `${party(d.applicant)}が${NOTIFICATION_RECIPIENT_NAMES[d.recipient]}に自治紛争処理委員による処理を文書で申請（${toWareki(d.appliedOn)}、${d.documentNumber}）`;
    }
    case 'DisputeCommissionersAppointed':
      return `自治紛争処理委員3人を任命（${toWareki(event.data.appointedOn)}：${event.data.commissioners.map((c) => c.name).join('、')}${document(event.data.evidence)}）`;
    case 'DisputeApplicationWithdrawn':
      return `同意（${toWareki(event.data.consentedOn)}）を得て申請を取下げ（${toWareki(event.data.withdrawnOn)}）`;
    case 'SettlementProposalPresented':
      return `処理方策を当事者に提示（${toWareki(event.data.presentedOn)}${document(event.data.evidence)}）`;
    case 'SettlementProposalNotified':
      return `処理方策を${NOTIFICATION_RECIPIENT_NAMES[event.data.recipient]}に通知（${toWareki(event.data.notifiedOn)}${document(event.data.evidence)}）`;
    case 'SettlementProposalPublished':
      return `処理方策を公表（${toWareki(event.data.publishedOn)}、${event.data.medium}${document(event.data.evidence)}）`;
    case 'SettlementProposalResponded':
      return `${party(event.data.respondent)}が処理方策に回答：${RESPONSE_STANCE_NAMES[event.data.stance]}（${toWareki(event.data.respondedOn)}）`;
    case 'DisputeConcluded':
      return event.data.outcome === 'settled'
        ? `双方が処理方策を受け入れ、紛争は解決（${toWareki(event.data.concludedOn)}）`
        : `処理方策を受け入れない当事者があり、紛争は未解決のまま手続終了（${toWareki(event.data.concludedOn)}）`;
  }
}
