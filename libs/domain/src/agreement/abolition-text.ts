/**
 * The 廃止協約 of an agreement as the ledger drafts it (legal-text's abolitionText): the title of its
 * latest version, its parties as 甲 and 乙 with the heads who sign (市長・町長・村長, 知事 for a
 * prefecture), and the date it was first concluded.
 */
import {
  abolitionText,
  type EffectiveDateClause,
  type AbolitionText,
  type AgreementDocument,
  type LegalDate,
} from '@kyoyaku/legal-text';
import { isPrefectureCode } from '../municipality/municipality-code';
import type { Party } from './agreement.types';

/** The head who signs for a party: 青森市長, 平内町長; 青森県知事 for a prefecture. */
export function headOf(party: Party): string {
  return `${party.name}${isPrefectureCode(party.code) ? '知事' : '長'}`;
}

/** An agreement as the text needs it: its parties and its versions in conclusion order. */
export interface AbolishedAgreement {
  coreCity: Party;
  partner: Party;
  versions: readonly { document: AgreementDocument; concludedOn: LegalDate }[];
}

/** Drafts the 廃止協約 of a concluded agreement; undefined when it has no version. */
export function draftAbolitionText(
  agreement: AbolishedAgreement,
  effect: EffectiveDateClause,
): AbolitionText | undefined {
  const first = agreement.versions[0];
  const latest = agreement.versions[agreement.versions.length - 1];
  if (first === undefined || latest === undefined) return undefined;
  return abolitionText({
    agreementTitle: latest.document.title,
    core: { name: agreement.coreCity.name, head: headOf(agreement.coreCity) },
    partner: { name: agreement.partner.name, head: headOf(agreement.partner) },
    concludedOn: first.concludedOn,
    effect,
  });
}
