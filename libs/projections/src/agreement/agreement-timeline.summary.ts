import type {
  AgreementEvent,
  Correction,
  GovernorNotificationRecorded,
  Party,
  PartyRole,
  ProceedingKind,
} from '@kyoyaku/domain';
import { notificationAddresseeName } from '@kyoyaku/domain';
import { enactmentLabel, toWareki } from '@kyoyaku/legal-text';

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
  documentNumber: '届出の文書番号',
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
    case 'ProceedingConcluded':
      // As the 沿革 of a 例規集: 令和3年3月25日一部変更（令和3年4月1日施行）, …（令和4年4月1日から適用） for a 遡及.
      return enactmentLabel(event.data);
    case 'PublicNoticeRecorded':
      return `${name(event.data.party)}が告示（${event.data.noticeNumber}、${toWareki(event.data.publishedOn)}）`;
    case 'GovernorNotificationRecorded':
      return summarizeNotification(event.data, name);
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

/**
 * 「平内町が青森県知事へ届出（令和元年12月26日、平企第56号）」, 「青森市及び平内町が青森県知事へ連名で届出（…）」;
 * a 届出 recorded as version 1 says what that record did not hold.
 */
function summarizeNotification(
  data: GovernorNotificationRecorded['data'],
  name: (party: PartyRole) => string,
): string {
  const to = notificationAddresseeName(data.addressee);
  const on = toWareki(data.notifiedOn);
  if (data.recordedBeforeDocumentNumbers === true) {
    return `${to}へ届出（${on}、届出をした団体と文書番号の記録のない旧形式の記録：甲乙双方の届出として扱う）`;
  }
  const who = data.filers.map((f) => name(f.party)).join('及び');
  return `${who}が${to}へ${data.filers.length > 1 ? '連名で' : ''}届出（${on}${data.documentNumber === undefined ? '' : `、${data.documentNumber}`}）`;
}
