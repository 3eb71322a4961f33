import type { Role } from '../api/api-types';

/**
 * Which roles may record what (the API's access rules). A clerk may record only its own
 * municipality's council resolution, notice, 届出 and doubt — the API enforces that; the forms let a clerk
 * try and show the API's refusal. Cost shares and consultations are the secretariat's (the core
 * city's office convenes the consultations).
 */
export const RECORDABLE_STEPS = {
  'council-resolution': ['clerk', 'secretariat', 'admin'],
  conclusion: ['secretariat', 'admin'],
  'public-notice': ['clerk', 'secretariat', 'admin'],
  /** A clerk files its own municipality's 届出; a joint one (連名) is the secretariat's. */
  'governor-notification': ['clerk', 'secretariat', 'admin'],
  amendment: ['secretariat', 'admin'],
  'cost-share': ['secretariat', 'admin'],
  consultation: ['secretariat', 'admin'],
  /** A party's clerk raises its own municipality's doubts; the API refuses any other. */
  doubt: ['clerk', 'secretariat', 'admin'],
  /** A proceeding's own records: its 修正案, its 取下げ, a 誤記訂正, an abolition. */
  'revised-draft': ['secretariat', 'admin'],
  withdrawal: ['secretariat', 'admin'],
  correction: ['secretariat', 'admin'],
  abolition: ['secretariat', 'admin'],
  /** The 知事's and the 自治紛争処理委員's steps, recorded from their documents. */
  'dispute-step': ['secretariat', 'admin'],
  /** Resolving a doubt at a consultation both parties attended. */
  'doubt-resolution': ['secretariat', 'admin'],
  /** 勧告 (第252条の2第5項), recorded on the region. */
  recommendation: ['secretariat', 'admin'],
  /** 協約案の登録: a new agreement's conclusion proceeding. */
  'open-agreement': ['secretariat', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type RecordableStep = keyof typeof RECORDABLE_STEPS;

export function mayRecord(role: Role | undefined, step: RecordableStep): boolean {
  return role !== undefined && (RECORDABLE_STEPS[step] as readonly Role[]).includes(role);
}

/** The party (甲/乙) a clerk's municipality is in an agreement, if it is one. */
export function partyOf(
  municipalityCode: string | undefined,
  agreement: { coreCity: { code: string }; partner: { code: string } },
): 'core' | 'partner' | undefined {
  if (municipalityCode === agreement.coreCity.code) return 'core';
  if (municipalityCode === agreement.partner.code) return 'partner';
  return undefined;
}
