/**
 * Who may take part in a project under a measure on a date (第3条・第4条): the core city and each
 * partner with an agreement in force with the core city, in the region, whose version in force on
 * that date contains the measure. Derived from the agreements' histories (valid time); the
 * application computes it from the read models and hands it to the project decider as a fact.
 */
import type { LegalDate, MeasureCategory } from '@kyoyaku/legal-text';
import type { AgreementHistory } from '../agreement/agreement-versions';
import type { Party } from '../agreement/agreement.types';
import { measuresMatrixOn, type RegionRef } from '../region/region-members';

export interface AgreementRef {
  agreementId: string;
  versionNumber: number;
}

export interface EligibleMunicipality extends Party {
  /** The agreements in force on the date whose version contains the measure. */
  agreements: AgreementRef[];
}

export interface MeasureRef {
  measureId: string;
  name: string;
  category: MeasureCategory;
}

export interface MeasureEligibility {
  regionId: string;
  measureId: string;
  on: LegalDate;
  coreCity: Party;
  /** The measure as the agreements in force word it; undefined when none in force has it. */
  measure?: MeasureRef;
  /** The core city first (when any agreement in force has the measure), then partners by code. */
  eligible: EligibleMunicipality[];
}

export function measureEligibilityOn(
  region: RegionRef,
  histories: readonly AgreementHistory[],
  measureId: string,
  on: LegalDate,
): MeasureEligibility {
  const row = measuresMatrixOn(region, histories, on).rows.find((r) => r.measureId === measureId);
  if (row === undefined || row.participants.length === 0) {
    return { regionId: region.regionId, measureId, on, coreCity: region.coreCity, eligible: [] };
  }
  const agreements = row.participants.map((p) => ({
    agreementId: p.agreementId,
    versionNumber: p.versionNumber,
  }));
  // Participants come sorted by code; a partner with two agreements in force appears once.
  const partners = new Map<string, EligibleMunicipality>();
  for (const p of row.participants) {
    const partner = partners.get(p.partner.code) ?? { ...p.partner, agreements: [] };
    partner.agreements.push({ agreementId: p.agreementId, versionNumber: p.versionNumber });
    partners.set(p.partner.code, partner);
  }
  return {
    regionId: region.regionId,
    measureId,
    on,
    coreCity: region.coreCity,
    measure: { measureId, name: row.name, category: row.category },
    eligible: [{ ...region.coreCity, agreements }, ...partners.values()],
  };
}
