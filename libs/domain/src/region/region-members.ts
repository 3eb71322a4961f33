/**
 * Members and the measures matrix of a region on a date, derived purely from the agreements
 * (DESIGN.md §2.1): a partner is a member while an agreement between it and the core city, in this
 * region, has a version in force (valid time, see agreement-versions.ts).
 */
import { MEASURE_CATEGORIES, type LegalDate, type MeasureCategory } from '@kyoyaku/legal-text';
import { versionAsOf, type AgreementHistory, type AgreementVersion } from '../agreement/agreement-versions';
import type { Party } from '../agreement/agreement.types';
import type { DeclaredRegionState } from './region.decider';

/** A region as the facts name it: its id, its name (a refusal names it) and its core city. */
export type RegionRef = Pick<DeclaredRegionState, 'regionId' | 'name' | 'coreCity'>;

export interface RegionMember extends Party {
  /** The agreements (with the core city) in force for this member on the date. */
  agreements: { agreementId: string; versionNumber: number }[];
}

export interface RegionMembership {
  regionId: string;
  /** 「青森圏域」: the region as a refusal names it. */
  regionName: string;
  on: LegalDate;
  coreCity: Party;
  /** Partners with an agreement in force on `on`, by municipality code. */
  members: RegionMember[];
}

/** Is this agreement one of the region's (same region, 甲 = the region's core city)? */
export function belongsToRegion(
  region: RegionRef,
  history: Pick<AgreementHistory, 'regionId' | 'coreCity'>,
): boolean {
  return history.regionId === region.regionId && history.coreCity.code === region.coreCity.code;
}

export function regionMembersOn(
  region: RegionRef,
  agreements: readonly AgreementHistory[],
  on: LegalDate,
): RegionMembership {
  const byCode = new Map<string, RegionMember>();
  for (const history of agreements) {
    if (!belongsToRegion(region, history)) continue;
    const version = versionAsOf(history, on);
    if (!version) continue;
    const member = byCode.get(history.partner.code) ?? { ...history.partner, agreements: [] };
    member.agreements.push({ agreementId: history.agreementId, versionNumber: version.number });
    byCode.set(history.partner.code, member);
  }
  const members = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { regionId: region.regionId, regionName: region.name, on, coreCity: region.coreCity, members };
}

/** One agreement and the version of it in force on the matrix's date (undefined: none in force). */
export interface AgreementVersionOnDate {
  agreementId: string;
  partner: Party;
  version: AgreementVersion | undefined;
}

export interface MeasureParticipation {
  agreementId: string;
  versionNumber: number;
  partner: Party;
  /** The partner's 役割分担 in that agreement. */
  partnerRole: string;
  /** The core city's 役割分担 in that agreement. */
  coreRole: string;
  /** 取組内容 as that agreement's version words it. */
  content: string;
}

export interface MeasuresMatrixRow {
  measureId: string;
  category: MeasureCategory;
  /** The name in the first agreement (in the given order) that has the measure. */
  name: string;
  /** One entry per member taking part, by municipality code. */
  participants: MeasureParticipation[];
}

export interface MeasuresMatrix {
  regionId: string;
  coreCity: Party;
  /** Columns: partners with a version in force, by code. The core city takes part in every row. */
  members: Party[];
  /** Rows by category (①②③) and then by first appearance. */
  rows: MeasuresMatrixRow[];
}

/**
 * Which member takes part in which measure: for each measure (by its stable id) in any agreement's
 * version in force, the partners whose version has it, with their roles. Entries without a version
 * (not in force on the date) are left out; the caller passes the region's agreements only
 * (measuresMatrixOn does that filtering from histories).
 */
export function measuresMatrix(
  region: RegionRef,
  entries: readonly AgreementVersionOnDate[],
): MeasuresMatrix {
  const rows = new Map<string, MeasuresMatrixRow>();
  const members = new Map<string, Party>();
  for (const entry of entries) {
    const version = entry.version;
    if (!version) continue;
    members.set(entry.partner.code, { code: entry.partner.code, name: entry.partner.name });
    for (const measure of version.document.measures) {
      const row = rows.get(measure.id) ?? {
        measureId: measure.id,
        category: measure.category,
        name: measure.name,
        participants: [],
      };
      row.participants.push({
        agreementId: entry.agreementId,
        versionNumber: version.number,
        partner: { code: entry.partner.code, name: entry.partner.name },
        partnerRole: measure.roles.partner,
        coreRole: measure.roles.core,
        content: measure.content,
      });
      rows.set(measure.id, row);
    }
  }
  const order = (c: MeasureCategory) => MEASURE_CATEGORIES.indexOf(c);
  const byCode = (a: { code: string }, b: { code: string }) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  const sortedRows = [...rows.values()]
    .map((row, index) => ({ row, index }))
    .sort((a, b) => order(a.row.category) - order(b.row.category) || a.index - b.index)
    .map(({ row }) => ({
      ...row,
      participants: [...row.participants].sort((a, b) => byCode(a.partner, b.partner)),
    }));
  return {
    regionId: region.regionId,
    coreCity: region.coreCity,
    members: [...members.values()].sort(byCode),
    rows: sortedRows,
  };
}

/** The matrix on a date, from the agreements' histories (the region's agreements only). */
export function measuresMatrixOn(
  region: RegionRef,
  agreements: readonly AgreementHistory[],
  on: LegalDate,
): MeasuresMatrix {
  return measuresMatrix(
    region,
    agreements
      .filter((history) => belongsToRegion(region, history))
      .map((history) => ({
        agreementId: history.agreementId,
        partner: history.partner,
        version: versionAsOf(history, on),
      })),
  );
}

/** Does the member with `code` take part in measure `measureId` in this matrix? */
export function takesPart(matrix: MeasuresMatrix, measureId: string, code: string): boolean {
  if (code === matrix.coreCity.code) return matrix.rows.some((r) => r.measureId === measureId);
  return matrix.rows.some(
    (r) => r.measureId === measureId && r.participants.some((p) => p.partner.code === code),
  );
}
