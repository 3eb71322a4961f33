import { DeciderSpecification, kitActors } from '@kyoyaku/domain/testing';
import type { AdoptVision, DeclareRegion } from './region.commands';
import {
  assertAgreementFitsRegion,
  regionDecider,
  visionAdoptedOn,
  type RegionState,
} from './region.decider';
import type { RegionEvent } from './region.events';
import { DomainError } from '../shared/domain-error';

const spec = DeciderSpecification.for(regionDecider);
const AOMORI = { code: '022012', name: '青森市' };

const declare = (o: Partial<DeclareRegion> = {}): DeclareRegion => ({
  type: 'DeclareRegion',
  actor: kitActors.secretariat,
  regionId: 'aomori',
  name: '青森圏域連携中枢都市圏',
  coreCity: AOMORI,
  declaredOn: '2019-11-18',
  today: '2026-11-27',
  ...o,
});
const adopt = (o: Partial<AdoptVision> = {}): AdoptVision => ({
  type: 'AdoptVision',
  actor: kitActors.secretariat,
  regionId: 'aomori',
  title: '青森圏域連携中枢都市圏ビジョン',
  adoptedOn: '2020-03-23',
  today: '2026-11-27',
  ...o,
});
const declared: RegionEvent = {
  type: 'RegionDeclared',
  schemaVersion: 1,
  data: { regionId: 'aomori', name: '青森圏域連携中枢都市圏', coreCity: AOMORI, declaredOn: '2019-11-18' },
};
const visionAdopted: RegionEvent = {
  type: 'VisionAdopted',
  schemaVersion: 1,
  data: { regionId: 'aomori', title: '青森圏域連携中枢都市圏ビジョン', adoptedOn: '2020-03-23' },
};

describe('region decider', () => {
  it('declares a region (連携中枢都市宣言)', () => {
    spec.given([]).when(declare()).then([declared]);
  });

  it('adopts a vision after the declaration, and a revised one later', () => {
    spec.given([declared]).when(adopt()).then([visionAdopted]);
    spec
      .given([declared, visionAdopted])
      .when(adopt({ title: '第2期青森圏域連携中枢都市圏ビジョン', adoptedOn: '2025-03-25' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
    const state = spec.given([declared, visionAdopted]).state();
    if (state.status !== 'declared') throw new Error('not declared');
    expect(visionAdoptedOn(state)).toBe('2020-03-23');
  });

  it('only secretariat and admin record region events (ActorNotPermitted)', () => {
    spec
      .given([])
      .when(declare({ actor: kitActors.coreClerk }))
      .thenThrows('ActorNotPermitted', 'forbidden');
    spec
      .given([])
      .when(declare({ actor: kitActors.reader }))
      .thenThrows('ActorNotPermitted');
    spec
      .given([declared])
      .when(adopt({ actor: kitActors.coreClerk }))
      .thenThrows('ActorNotPermitted');
    spec
      .given([])
      .when(declare({ actor: kitActors.admin }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('RegionAlreadyDeclared / RegionNotFound', () => {
    spec.given([declared]).when(declare()).thenThrows('RegionAlreadyDeclared', 'conflict');
    spec.given([]).when(adopt()).thenThrows('RegionNotFound', 'not-found');
  });

  it('the core city is a valid municipality code and not a prefecture', () => {
    spec
      .given([])
      .when(declare({ coreCity: { code: '022013', name: '青森市' } }))
      .thenThrows('InvalidMunicipalityCode', 'invalid');
    spec
      .given([])
      .when(declare({ coreCity: { code: '020001', name: '青森県' } }))
      .thenThrows('CoreCityCannotBePrefecture', 'invalid');
  });

  it('a vision is not adopted before the declaration or before the previous vision', () => {
    spec
      .given([declared])
      .when(adopt({ adoptedOn: '2019-11-17' }))
      .thenThrows('StepDateBeforePreviousStep', 'invalid');
    spec
      .given([declared])
      .when(adopt({ adoptedOn: '2019-11-18' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
    spec
      .given([declared, visionAdopted])
      .when(adopt({ title: '第2期', adoptedOn: '2020-03-22' }))
      .thenThrows('StepDateBeforePreviousStep');
  });

  it('a declaration and a vision are recorded facts: dated on or before today in Japan', () => {
    spec
      .given([])
      .when(declare({ declaredOn: '2026-11-27', today: '2026-11-27' }))
      .thenEvents((e) => expect(e.map((x) => x.type)).toEqual(['RegionDeclared']));
    expect(
      spec
        .given([])
        .when(declare({ declaredOn: '2026-11-28', today: '2026-11-27' }))
        .thenThrows('RegionDeclarationDateInFuture', 'invalid').field,
    ).toBe('declaredOn');
    spec
      .given([declared])
      .when(adopt({ adoptedOn: '2026-11-27', today: '2026-11-27' }))
      .thenEvents((e) => expect(e.map((x) => x.type)).toEqual(['VisionAdopted']));
    expect(
      spec
        .given([declared])
        .when(adopt({ adoptedOn: '2026-11-28', today: '2026-11-27' }))
        .thenThrows('VisionAdoptionDateInFuture', 'invalid').field,
    ).toBe('adoptedOn');
  });

  it('the same vision is adopted once (VisionAlreadyAdopted)', () => {
    spec
      .given([declared, visionAdopted])
      .when(adopt({ adoptedOn: '2021-01-01' }))
      .thenThrows('VisionAlreadyAdopted', 'conflict');
  });

  it('validates dates and texts', () => {
    spec
      .given([])
      .when(declare({ declaredOn: '2019-11-31' }))
      .thenThrows('InvalidDate');
    spec
      .given([])
      .when(declare({ name: ' ' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given([declared])
      .when(adopt({ title: '' }))
      .thenThrows('RequiredValueMissing');
  });

  it('evolve ignores events that do not fit', () => {
    expect(regionDecider.evolve(regionDecider.initialState(), visionAdopted)).toEqual({ status: 'initial' });
    const state = regionDecider.evolve(regionDecider.initialState(), declared);
    expect(regionDecider.evolve(state, { ...declared, data: { ...declared.data, name: 'x' } })).toBe(state);
  });
});

describe('assertAgreementFitsRegion', () => {
  const region: RegionState = regionDecider.evolve(regionDecider.initialState(), declared);

  it('passes for an agreement of the region with its core city as 甲', () => {
    expect(assertAgreementFitsRegion(region, { regionId: 'aomori', coreCity: AOMORI })).toBe(region);
  });

  it('RegionNotFound when the region is not declared', () => {
    expect(() =>
      assertAgreementFitsRegion(regionDecider.initialState(), { regionId: 'aomori', coreCity: AOMORI }),
    ).toThrow(expect.objectContaining({ code: 'RegionNotFound', kind: 'not-found' }) as DomainError);
  });

  it('AgreementOutsideRegion when 甲 is not the core city or the region differs', () => {
    expect(() =>
      assertAgreementFitsRegion(region, { regionId: 'aomori', coreCity: { code: '023019', name: '平内町' } }),
    ).toThrow(expect.objectContaining({ code: 'AgreementOutsideRegion', kind: 'invalid' }) as DomainError);
    expect(() => assertAgreementFitsRegion(region, { regionId: 'hachinohe', coreCity: AOMORI })).toThrow(
      expect.objectContaining({ code: 'AgreementOutsideRegion' }) as DomainError,
    );
  });
});
