/**
 * Records as a clerk names them in a refusal: by what they are and when, never by the id a
 * program gave them (the id stays in the problem's machine fields and in URLs). The web
 * application names them the same way (apps/web/src/lib/proceeding-name.ts).
 */
import { toWareki, type LegalDate } from '@kyoyaku/legal-text';

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

const PROCEEDING_KIND_NAMES: Readonly<Record<'conclusion' | 'amendment' | 'abolition', string>> = {
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
