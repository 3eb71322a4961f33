/**
 * The region (連携中枢都市圏) as a decider: declared by its core city (連携中枢都市宣言), then one or
 * more visions adopted (都市圏ビジョン), and any 勧告 to conclude a 連携協約 (第252条の2第5項,
 * region.recommendation.ts). Only secretariat and admin record region events.
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import type { Party } from '../agreement/agreement.types';
import { assertMunicipalityCode, isPrefectureCode } from '../municipality/municipality-code';
import type { Decider } from '../shared/decider';
import { assertLegalDate, assertNonBlank, assertNotAfterToday } from '../shared/validation';
import { privilegedOnlyMessage, warekiOrIso } from '../shared/names';
import type { AdoptVision, DeclareRegion, RecordRecommendation, RegionCommand } from './region.commands';
import { regionError } from './region.errors';
import { REGION_EVENT_SCHEMA_VERSION as V, type RegionEvent } from './region.events';
import { decideRecommendation, type RecommendationState } from './region.recommendation';

export interface VisionState {
  title: string;
  adoptedOn: LegalDate;
}

export interface InitialRegionState {
  status: 'initial';
}

export interface DeclaredRegionState {
  status: 'declared';
  regionId: string;
  name: string;
  coreCity: Party;
  declaredOn: LegalDate;
  /** In adoption order. */
  visions: VisionState[];
  /** 勧告 to conclude a 連携協約, in recording order. */
  recommendations: RecommendationState[];
}

export type RegionState = InitialRegionState | DeclaredRegionState;

export function initialRegionState(): RegionState {
  return { status: 'initial' };
}

function assertMayRecord(command: RegionCommand): void {
  switch (command.actor.role) {
    case 'secretariat':
    case 'admin':
      return;
    case 'clerk':
    case 'reader':
      break;
  }
  throw regionError('ActorNotPermitted', privilegedOnlyMessage(command.type, command.actor.role), {
    field: 'actor.role',
  });
}

function declareRegion(command: DeclareRegion, state: RegionState): RegionEvent[] {
  assertNonBlank(command.regionId, 'regionId', '圏域ID');
  assertNonBlank(command.name, 'name', '圏域の名称');
  assertMunicipalityCode(command.coreCity.code, 'coreCity.code');
  assertNonBlank(command.coreCity.name, 'coreCity.name', '連携中枢都市の名称');
  assertLegalDate(command.declaredOn, 'declaredOn', '連携中枢都市宣言の日');
  assertNotAfterToday(
    command.declaredOn,
    command.today,
    'declaredOn',
    'RegionDeclarationDateInFuture',
    '連携中枢都市宣言の日',
  );
  if (isPrefectureCode(command.coreCity.code)) {
    throw regionError(
      'CoreCityCannotBePrefecture',
      `団体コード ${command.coreCity.code} は都道府県のコードです。連携中枢都市には指定都市・中核市（市）のコードを指定してください。`,
      { field: 'coreCity.code' },
    );
  }
  if (state.status === 'declared') {
    throw regionError(
      'RegionAlreadyDeclared',
      `圏域ID「${state.regionId}」は${state.name}（${warekiOrIso(state.declaredOn)}宣言）に既に使われています。別の圏域IDを指定してください。`,
      { field: 'regionId' },
    );
  }
  return [
    {
      type: 'RegionDeclared',
      schemaVersion: V,
      data: {
        regionId: command.regionId,
        name: command.name,
        coreCity: { code: command.coreCity.code, name: command.coreCity.name },
        declaredOn: command.declaredOn,
      },
    },
  ];
}

function adoptVision(command: AdoptVision, state: RegionState): RegionEvent[] {
  assertNonBlank(command.title, 'title', 'ビジョンの名称');
  assertLegalDate(command.adoptedOn, 'adoptedOn', 'ビジョンの策定日');
  assertNotAfterToday(
    command.adoptedOn,
    command.today,
    'adoptedOn',
    'VisionAdoptionDateInFuture',
    'ビジョンの策定日',
  );
  if (state.status !== 'declared') {
    throw regionError(
      'RegionNotFound',
      `圏域「${command.regionId}」は宣言されていません。先に連携中枢都市宣言を記録してください。`,
      {
        field: 'regionId',
      },
    );
  }
  if (state.visions.some((v) => v.title === command.title)) {
    throw regionError(
      'VisionAlreadyAdopted',
      `ビジョン「${command.title}」は既に策定済みです。改定版は別の名称（例: 第2期）で記録してください。`,
      {
        field: 'title',
      },
    );
  }
  const previous = state.visions[state.visions.length - 1];
  const earliest = previous ? previous.adoptedOn : state.declaredOn;
  if (command.adoptedOn < earliest) {
    throw regionError(
      'StepDateBeforePreviousStep',
      `ビジョンの策定日 ${command.adoptedOn} は、先行する${previous ? '前回のビジョン策定' : '連携中枢都市宣言'}（${earliest}）より前です。${earliest} 以降の日付を指定してください。`,
      { field: 'adoptedOn', details: { earliest } },
    );
  }
  return [
    {
      type: 'VisionAdopted',
      schemaVersion: V,
      data: { regionId: state.regionId, title: command.title, adoptedOn: command.adoptedOn },
    },
  ];
}

function recordRecommendation(command: RecordRecommendation, state: RegionState): RegionEvent[] {
  if (state.status !== 'declared') {
    throw regionError(
      'RegionNotFound',
      `圏域「${command.regionId}」は宣言されていません。先に連携中枢都市宣言を記録してください。`,
      { field: 'regionId' },
    );
  }
  return [decideRecommendation(command, state.regionId, state.recommendations)];
}

export function decideRegion(command: RegionCommand, state: RegionState): RegionEvent[] {
  assertMayRecord(command);
  switch (command.type) {
    case 'DeclareRegion':
      return declareRegion(command, state);
    case 'AdoptVision':
      return adoptVision(command, state);
    case 'RecordRecommendation':
      return recordRecommendation(command, state);
  }
}

export function evolveRegion(state: RegionState, event: RegionEvent): RegionState {
  switch (event.type) {
    case 'RegionDeclared':
      if (state.status === 'declared') return state;
      return {
        status: 'declared',
        regionId: event.data.regionId,
        name: event.data.name,
        coreCity: { ...event.data.coreCity },
        declaredOn: event.data.declaredOn,
        visions: [],
        recommendations: [],
      };
    case 'VisionAdopted':
      if (state.status !== 'declared') return state;
      return {
        ...state,
        visions: [...state.visions, { title: event.data.title, adoptedOn: event.data.adoptedOn }],
      };
    case 'RecommendationRecorded':
      if (state.status !== 'declared') return state;
      return {
        ...state,
        recommendations: [
          ...state.recommendations,
          {
            recommender: { ...event.data.recommender },
            addressees: event.data.addressees.map((p) => ({ ...p })),
            recommendedOn: event.data.recommendedOn,
            documentNumber: event.data.documentNumber,
            content: event.data.content,
          },
        ],
      };
  }
}

export const regionDecider: Decider<RegionCommand, RegionEvent, RegionState> = {
  decide: decideRegion,
  evolve: evolveRegion,
  initialState: initialRegionState,
};

/** The first vision's adoption date, if any. */
export function visionAdoptedOn(state: DeclaredRegionState): LegalDate | undefined {
  return state.visions[0]?.adoptedOn;
}

/**
 * Cross-aggregate check the application runs before OpenAgreement: the region exists and the
 * agreement's 甲 is the region's core city. Throws RegionNotFound / AgreementOutsideRegion.
 */
export function assertAgreementFitsRegion(
  region: RegionState,
  agreement: { regionId: string; coreCity: Party },
): DeclaredRegionState {
  if (region.status !== 'declared') {
    throw regionError(
      'RegionNotFound',
      `圏域「${agreement.regionId}」は宣言されていません。先に連携中枢都市宣言を記録してください。`,
      {
        field: 'regionId',
      },
    );
  }
  if (region.regionId !== agreement.regionId || region.coreCity.code !== agreement.coreCity.code) {
    throw regionError(
      'AgreementOutsideRegion',
      `連携協約の甲（${agreement.coreCity.name}・${agreement.coreCity.code}）は${region.name}の連携中枢都市（${region.coreCity.name}・${region.coreCity.code}）ではありません。圏域の連携協約では連携中枢都市が甲となります。`,
      { field: 'coreCity.code' },
    );
  }
  return region;
}
