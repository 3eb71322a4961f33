import type { AgreementEvent, Correction, Party, PartyRole, ProceedingKind } from '@kyoyaku/domain';
import { NOTIFICATION_RECIPIENT_NAMES } from '@kyoyaku/domain';
import { toWareki } from '@kyoyaku/legal-text';

const PROCEEDING_NAMES: Record<ProceedingKind, string> = {
  conclusion: '締結',
  amendment: '変更',
  abolition: '廃止',
};

const CORRECTED_FIELD_NAMES: Record<Correction['field'], string> = {
  noticeNumber: '告示番号',
  publishedOn: '告示日',
  resolutionNumber: '議決番号',
  resolvedOn: '議決日',
  notifiedOn: '届出日',
  signatory: '署名者',
};

export interface Parties {
  core: Party;
  partner: Party;
}

function correctionValue(value: string | { title: string; name: string } | undefined): string {
  if (value === undefined) return '（なし）';
  return typeof value === 'string' ? value : `${value.title} ${value.name}`;
}

/** The one-line Japanese summary of an event shown in the timeline (履歴). */
export function summarizeAgreementEvent(
  event: AgreementEvent,
  parties: Parties,
  proceedingKind: (proceedingId: string) => ProceedingKind | undefined,
): string {
  const name = (party: PartyRole): string => parties[party].name;
  const kindOf = (proceedingId: string): string => {
    const kind = proceedingKind(proceedingId);
    return kind === undefined ? '' : PROCEEDING_NAMES[kind];
  };
  switch (event.type) {
    case 'AgreementOpened':
      return `${event.data.coreCity.name}と${event.data.partner.name}の連携協約を登録`;
    case 'ProceedingOpened':
      return `${PROCEEDING_NAMES[event.data.kind]}の手続を開始（${toWareki(event.data.openedOn)}）`;
    case 'DraftRecorded':
      return `${kindOf(event.data.proceedingId)}の案（第${event.data.draftNumber}案）を記録（${toWareki(event.data.draftedOn)}）`;
    case 'CouncilResolutionRecorded':
      return `${name(event.data.party)}議会が${event.data.decision === 'approved' ? '可決' : '否決'}（${toWareki(event.data.resolvedOn)}${event.data.resolutionNumber === undefined ? '' : `、${event.data.resolutionNumber}`}）`;
    case 'ProceedingConcluded': {
      const retro = event.data.retroactive === undefined ? '' : '、遡及適用';
      const version = event.data.kind === 'abolition' ? '' : `（第${event.data.versionNumber}版）`;
      return `${PROCEEDING_NAMES[event.data.kind]}を締結${version}（${toWareki(event.data.concludedOn)}、施行日 ${toWareki(event.data.effectiveOn)}${retro}）`;
    }
    case 'PublicNoticeRecorded':
      return `${name(event.data.party)}が告示（${event.data.noticeNumber}、${toWareki(event.data.publishedOn)}）`;
    case 'GovernorNotificationRecorded':
      return `${NOTIFICATION_RECIPIENT_NAMES[event.data.recipient]}へ届出（${toWareki(event.data.notifiedOn)}）`;
    case 'ProceedingCompleted':
      return `${kindOf(event.data.proceedingId)}の手続が完了（議決・締結・告示・届出）`;
    case 'ProceedingWithdrawn':
      return `${kindOf(event.data.proceedingId)}の手続を取下げ（${toWareki(event.data.withdrawnOn)}、理由：${event.data.reason}）`;
    case 'RecordCorrected': {
      const c = event.data.correction;
      return `誤記訂正：${CORRECTED_FIELD_NAMES[c.field]} ${correctionValue(c.from)} → ${correctionValue(c.to)}（理由：${event.data.reason}）`;
    }
  }
}
