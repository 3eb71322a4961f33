/**
 * The project (事業) and its cost shares (費用分担, 第4条) as a decider.
 *
 * - A project is registered under one 連携施策 of the region with its participating municipalities;
 *   each must be able to take part on the registration date (an agreement in force with the core city
 *   containing the measure — a fact the application derives from the agreements).
 * - A cost share is decided per fiscal year: a total in whole yen, a basis, and the allocation computed
 *   exactly (cost-share-allocation.ts: largest remainder, core city first in ties). Every allocated
 *   municipality must take part in the project AND be in force under the measure on the decision date.
 * - A decision names the held consultation that decided it — which must be of the same region and
 *   attended by every municipality sharing the cost — or states why it was decided without one.
 * - One decision is in force per fiscal year. A revision supersedes it (with a reason); the superseded
 *   one stays in the history and can no longer be revised. A settled year is not revised.
 * - A settlement (決算) records the actual cost of a year with a decision, allocated by a basis given
 *   or by the decision's (fixed amounts then become ratio weights); once per year, and only after the
 *   年度 has ended (fiscal year N: from N+1-04-01; 地方自治法 第208条第1項).
 * - Decision, revision and settlement dates are recorded facts: never after today in Japan (a fact
 *   handed in by the application).
 * Only secretariat and admin record project events.
 */
import { fiscalYearOf, toWareki, type LegalDate } from '@kyoyaku/legal-text';
import type { Party } from '../agreement/agreement.types';
import { CONSULTATION_STATUS_NAMES } from '../consultation/consultation.events';
import { allocateCostShare, compareForTies, sumOfAllocations } from '../cost-share/cost-share-allocation';
import type { Allocation, CostShareBasis } from '../cost-share/cost-share.types';
import { assertFiscalYear, fiscalYearLabel, fiscalYearPeriod } from '../cost-share/fiscal-year';
import { assertYenAmount } from '../cost-share/yen';
import { assertMunicipalityCode } from '../municipality/municipality-code';
import type { Decider } from '../shared/decider';
import { consultationName, privilegedOnlyMessage, warekiOrIso } from '../shared/names';
import { assertLegalDate, assertNonBlank, assertNotAfterToday } from '../shared/validation';
import type {
  DecideCostShare,
  ProjectCommand,
  RegisterProject,
  ReviseCostShare,
  SettleCostShare,
} from './project.commands';
import { projectError } from './project.errors';
import {
  PROJECT_EVENT_SCHEMA_VERSION as V,
  type CostShareDecisionData,
  type DecidedAllocation,
  type ParticipantRecord,
  type ProjectEvent,
} from './project.events';
import type { MeasureEligibility, MeasureRef } from './measure-eligibility';

/** How far ahead of the decision's own fiscal year a cost share may be decided (multi-year projects). */
export const FISCAL_YEARS_AHEAD = 5;

export interface CostShareDecisionState {
  decisionId: string;
  fiscalYear: number;
  decidedOn: LegalDate;
  total: string;
  basis: CostShareBasis;
  allocations: DecidedAllocation[];
  consultationId?: string;
  supersedes?: string;
  supersededBy?: string;
}

export interface CostShareSettlementState {
  fiscalYear: number;
  settledOn: LegalDate;
  decisionId: string;
  total: string;
}

export interface InitialProjectState {
  status: 'initial';
}

export interface RegisteredProjectState {
  status: 'registered';
  projectId: string;
  regionId: string;
  coreCity: Party;
  name: string;
  measure: MeasureRef;
  participants: ParticipantRecord[];
  registeredOn: LegalDate;
  /** Every decision and revision, in recording order. */
  decisions: CostShareDecisionState[];
  settlements: CostShareSettlementState[];
}

export type ProjectState = InitialProjectState | RegisteredProjectState;

export function initialProjectState(): ProjectState {
  return { status: 'initial' };
}

/** The decision in force for a fiscal year (the latest revision), if any. */
export function decisionInForce(
  state: RegisteredProjectState,
  fiscalYear: number,
): CostShareDecisionState | undefined {
  return state.decisions.find((d) => d.fiscalYear === fiscalYear && d.supersededBy === undefined);
}

/** 「令和8年度の費用分担の決定（令和8年5月1日）」: a decision by its year, kind and date, not its id. */
function decisionName(decision: CostShareDecisionState, withId = false): string {
  const what = decision.supersedes === undefined ? '決定' : '決定の見直し';
  const id = withId ? `、決定ID ${decision.decisionId}` : '';
  return `${fiscalYearLabel(decision.fiscalYear)}の費用分担の${what}（${warekiOrIso(decision.decidedOn)}${id}）`;
}

function inForceName(project: RegisteredProjectState, fiscalYear: number): string {
  const inForce = decisionInForce(project, fiscalYear);
  return inForce === undefined ? 'なし' : decisionName(inForce);
}

function assertMayRecord(command: ProjectCommand): void {
  switch (command.actor.role) {
    case 'secretariat':
    case 'admin':
      return;
    case 'clerk':
    case 'reader':
      break;
  }
  throw projectError('ActorNotPermitted', privilegedOnlyMessage(command.type, command.actor.role), {
    field: 'actor.role',
  });
}

function requireProject(state: ProjectState, projectId: string): RegisteredProjectState {
  if (state.status !== 'registered') {
    throw projectError(
      'ProjectNotFound',
      `事業「${projectId}」は登録されていません。登録されている事業は圏域のページの「費用分担」にあります。新たな事業は、先に事業を登録してください。`,
      {
        field: 'projectId',
      },
    );
  }
  return state;
}

function assertFactsFor(
  eligibility: MeasureEligibility,
  measureId: string,
  on: LegalDate,
  what: string,
): void {
  // The application derives the facts for the command; a mismatch is a programming error, not input.
  if (eligibility.measureId !== measureId || eligibility.on !== on) {
    throw new RangeError(
      `${what}: the eligibility facts are for ${eligibility.measureId} on ${eligibility.on}`,
    );
  }
}

/** Validates a list of codes: non-empty, well-formed, each once. */
function assertCodes(codes: unknown, field: string): string[] {
  if (!Array.isArray(codes) || codes.length === 0) {
    throw projectError(
      'ParticipantsRequired',
      '費用を分担する団体（参加団体）がありません。少なくとも1団体を指定してください。',
      {
        field,
      },
    );
  }
  const seen = new Set<string>();
  codes.forEach((code: unknown, index) => {
    assertMunicipalityCode(code, `${field}[${index}]`);
    const value = code as string;
    if (seen.has(value)) {
      throw projectError(
        'DuplicateMunicipality',
        `団体コード ${value} が2回指定されています。各団体は1回だけ指定してください。`,
        {
          field: `${field}[${index}]`,
        },
      );
    }
    seen.add(value);
  });
  return codes as string[];
}

function assertEligible(
  codes: readonly string[],
  eligibility: MeasureEligibility,
  measure: { measureId: string; name: string },
  field: string,
): Map<string, MeasureEligibility['eligible'][number]> {
  const eligible = new Map(eligibility.eligible.map((e) => [e.code, e]));
  codes.forEach((code, index) => {
    if (!eligible.has(code)) {
      throw projectError(
        'MunicipalityNotInForceUnderMeasure',
        `団体コード ${code} は ${eligibility.on} に連携施策「${measure.name}」（${measure.measureId}）を含む連携協約が連携中枢都市（${eligibility.coreCity.name}）との間で施行されていないため、参加・費用の分担ができません。この日に参加できる団体: ${eligibility.eligible.length === 0 ? 'なし' : eligibility.eligible.map((e) => `${e.name} ${e.code}`).join('、')}。`,
        { field: `${field}[${index}]`, details: { municipalityCode: code, on: eligibility.on } },
      );
    }
  });
  return eligible;
}

function register(command: RegisterProject, state: ProjectState): ProjectEvent[] {
  assertNonBlank(command.projectId, 'projectId', '事業ID');
  assertNonBlank(command.name, 'name', '事業名');
  assertNonBlank(command.measureId, 'measureId', '連携施策ID');
  assertNonBlank(command.description, 'description', '事業の概要');
  assertLegalDate(command.registeredOn, 'registeredOn', '事業の登録日');
  const codes = assertCodes(command.participants, 'participants');
  if (state.status !== 'initial') {
    throw projectError(
      'ProjectAlreadyRegistered',
      `事業ID「${state.projectId}」は事業「${state.name}」に既に使われています。別の事業IDを指定してください。`,
      {
        field: 'projectId',
      },
    );
  }
  const region = command.facts.region;
  if (region === null || region.regionId !== command.regionId) {
    throw projectError(
      'RegionNotFound',
      `圏域「${command.regionId}」は宣言されていません。先に連携中枢都市宣言を記録してください。`,
      {
        field: 'regionId',
      },
    );
  }
  assertNotAfterToday(
    command.registeredOn,
    command.facts.today,
    'registeredOn',
    'ProjectRegistrationDateInFuture',
    '事業の登録日',
  );
  const eligibility = command.facts.eligibility;
  assertFactsFor(eligibility, command.measureId, command.registeredOn, 'RegisterProject');
  const measure = eligibility.measure;
  if (measure === undefined) {
    throw projectError(
      'MeasureNotInForce',
      `連携施策「${command.measureId}」は${warekiOrIso(command.registeredOn)}に${region.name}で施行されているどの連携協約にもありません。施行中の連携協約の別表にある連携施策のIDを指定してください。`,
      { field: 'measureId', details: { on: command.registeredOn } },
    );
  }
  const eligible = assertEligible(codes, eligibility, measure, 'participants');
  const participants = [...codes]
    .sort(compareForTies(region.coreCity.code))
    .map((code): ParticipantRecord => {
      const e = eligible.get(code);
      return { code, name: e?.name ?? code, agreements: e?.agreements.map((a) => ({ ...a })) ?? [] };
    });
  return [
    {
      type: 'ProjectRegistered',
      schemaVersion: V,
      data: {
        projectId: command.projectId,
        regionId: command.regionId,
        coreCity: { code: region.coreCity.code, name: region.coreCity.name },
        name: command.name,
        measure: { ...measure },
        participants,
        description: command.description,
        registeredOn: command.registeredOn,
      },
    },
  ];
}

/** What a decision and a revision share: ids, dates, participants, consultation, allocation. */
function decisionData(
  command: DecideCostShare | ReviseCostShare,
  project: RegisteredProjectState,
  fiscalYear: number,
): CostShareDecisionData {
  assertNonBlank(command.decisionId, 'decisionId', '決定ID');
  if (project.decisions.some((d) => d.decisionId === command.decisionId)) {
    throw projectError(
      'DecisionAlreadyExists',
      `決定ID「${command.decisionId}」はこの事業で既に使われています。別の決定IDを指定してください。`,
      {
        field: 'decisionId',
      },
    );
  }
  assertLegalDate(command.decidedOn, 'decidedOn', '決定日');
  assertNotAfterToday(
    command.decidedOn,
    command.facts.today,
    'decidedOn',
    'CostShareDecisionDateInFuture',
    '費用分担の決定日',
  );
  if (command.decidedOn < project.registeredOn) {
    throw projectError(
      'StepDateBeforePreviousStep',
      `決定日 ${command.decidedOn} は事業の登録日（${project.registeredOn}）より前です。${project.registeredOn} 以降の日付を指定してください。`,
      { field: 'decidedOn', details: { earliest: project.registeredOn } },
    );
  }
  assertFiscalYear(fiscalYear, 'fiscalYear', {
    earliest: fiscalYearOf(project.registeredOn),
    latest: fiscalYearOf(command.decidedOn) + FISCAL_YEARS_AHEAD,
    why: `事業の登録日の年度から、決定日の年度の${FISCAL_YEARS_AHEAD}年度後まで`,
  });
  const total = assertYenAmount(command.total, 'total', '総額');

  const field = 'participants';
  const codes = assertCodes(command.participants ?? project.participants.map((p) => p.code), field);
  codes.forEach((code, index) => {
    if (!project.participants.some((p) => p.code === code)) {
      throw projectError(
        'ParticipantNotInProject',
        `団体コード ${code} は事業「${project.name}」の参加団体ではありません。参加団体（${project.participants.map((p) => `${p.name} ${p.code}`).join('、')}）から指定してください。`,
        { field: `${field}[${index}]` },
      );
    }
  });
  const eligibility = command.facts.eligibility;
  assertFactsFor(eligibility, project.measure.measureId, command.decidedOn, command.type);
  const eligible = assertEligible(codes, eligibility, project.measure, field);

  const consultationId = command.consultationId;
  const reason = command.reasonWithoutConsultation;
  if (consultationId !== undefined && reason !== undefined) {
    throw projectError(
      'ConsultationAndReasonBothGiven',
      '決定した協議と協議によらない理由の両方が指定されています。協議で決定した場合は協議のみ、協議によらない場合は理由のみを指定してください。',
      { field: 'reasonWithoutConsultation' },
    );
  }
  if (consultationId === undefined) {
    if (reason === undefined || reason.trim() === '') {
      throw projectError(
        'ConsultationOrReasonRequired',
        '費用分担は協議の上で定めます（第4条）。決定した協議を指定するか、協議によらずに決定した理由を記載してください。',
        { field: 'consultationId' },
      );
    }
  } else {
    const consultation = command.facts.consultation;
    if (consultation === null || consultation.consultationId !== consultationId) {
      throw projectError(
        'ConsultationNotFound',
        `協議「${consultationId}」は登録されていません。事業の圏域で開催を記録した協議を指定してください（圏域のページの「定期的な協議」にあります）。`,
        { field: 'consultationId' },
      );
    }
    if (consultation.regionId !== project.regionId) {
      throw projectError(
        'ConsultationInOtherRegion',
        `${consultationName(consultation)}は${consultation.regionName}の協議です。事業「${project.name}」の圏域の協議を指定してください。`,
        { field: 'consultationId', details: { consultationId } },
      );
    }
    if (consultation.status !== 'held' || consultation.heldOn === null) {
      throw projectError(
        'ConsultationNotHeld',
        `${consultationName(consultation)}は開催済みではありません（${CONSULTATION_STATUS_NAMES[consultation.status]}）。開催を記録した協議を指定してください。`,
        { field: 'consultationId', details: { consultationId, consultationStatus: consultation.status } },
      );
    }
    const absent = codes.filter((code) => !consultation.attendingMunicipalities.includes(code));
    if (absent.length > 0) {
      throw projectError(
        'ConsultationDidNotIncludeParticipants',
        `${consultationName(consultation)}には費用を分担する団体のうち ${absent.map((code) => `${eligible.get(code)?.name ?? ''} ${code}`).join('、')} が出席していません。費用を分担するすべての団体が出席した協議を指定するか、協議によらない理由を記載してください。`,
        { field: 'consultationId', details: { consultationId, absent: absent.join(',') } },
      );
    }
    if (command.decidedOn < consultation.heldOn) {
      throw projectError(
        'StepDateBeforePreviousStep',
        `決定日 ${command.decidedOn} は協議の開催日（${consultation.heldOn}）より前です。${consultation.heldOn} 以降の日付を指定してください。`,
        { field: 'decidedOn', details: { earliest: consultation.heldOn } },
      );
    }
  }

  const allocations = allocateCostShare({
    total,
    basis: command.basis,
    participants: codes.map((code) => ({
      code,
      name: project.participants.find((p) => p.code === code)?.name ?? code,
    })),
    coreCityCode: project.coreCity.code,
  }).map((allocation): DecidedAllocation => ({
    ...allocation,
    agreements: eligible.get(allocation.municipalityCode)?.agreements.map((a) => ({ ...a })) ?? [],
  }));
  // Invariant of the allocation: it can only be recorded when it sums to the total.
  if (sumOfAllocations(allocations) !== total) {
    throw projectError('AllocationsDoNotSumToTotal', '按分の合計が総額と一致しません。', { field: 'basis' });
  }
  return {
    projectId: project.projectId,
    decisionId: command.decisionId,
    fiscalYear,
    decidedOn: command.decidedOn,
    total: total.toString(),
    basis: command.basis,
    allocations,
    ...(consultationId === undefined ? {} : { consultationId }),
    ...(reason === undefined ? {} : { reasonWithoutConsultation: reason }),
  };
}

function decide(command: DecideCostShare, state: ProjectState): ProjectEvent[] {
  const project = requireProject(state, command.projectId);
  assertFiscalYear(command.fiscalYear, 'fiscalYear');
  const existing = decisionInForce(project, command.fiscalYear);
  if (existing !== undefined) {
    throw projectError(
      'CostShareAlreadyDecided',
      `${fiscalYearLabel(command.fiscalYear)}の費用分担は${warekiOrIso(existing.decidedOn)}の決定で決定済みです。変更する場合は、その決定の見直しを記録してください（画面では圏域の「費用分担」で「決定の見直し」を選ぶ。API では POST …/cost-shares/{decisionId}/revisions）。`,
      { field: 'fiscalYear', details: { decisionId: existing.decisionId } },
    );
  }
  return [
    { type: 'CostShareDecided', schemaVersion: V, data: decisionData(command, project, command.fiscalYear) },
  ];
}

function revise(command: ReviseCostShare, state: ProjectState): ProjectEvent[] {
  const project = requireProject(state, command.projectId);
  const superseded = project.decisions.find((d) => d.decisionId === command.supersedesDecisionId);
  if (superseded === undefined) {
    throw projectError(
      'DecisionNotFound',
      `事業「${project.name}」に決定「${command.supersedesDecisionId}」はありません（この事業の決定: ${project.decisions.map((d) => decisionName(d, true)).join('、') || 'なし'}）。`,
      { field: 'supersedesDecisionId' },
    );
  }
  if (superseded.supersededBy !== undefined) {
    throw projectError(
      'DecisionAlreadySuperseded',
      `${decisionName(superseded)}は既に見直されています。見直せるのは現に有効な決定（${inForceName(project, superseded.fiscalYear)}）だけです。`,
      {
        field: 'supersedesDecisionId',
        details: {
          decisionId: superseded.decisionId,
          supersededBy: superseded.supersededBy,
          decisionInForce: decisionInForce(project, superseded.fiscalYear)?.decisionId ?? '',
        },
      },
    );
  }
  if (project.settlements.some((s) => s.fiscalYear === superseded.fiscalYear)) {
    throw projectError(
      'FiscalYearAlreadySettled',
      `${superseded.fiscalYear}年度は決算が記録済みのため、費用分担の決定を変更できません。`,
      { field: 'supersedesDecisionId' },
    );
  }
  assertNonBlank(command.reason, 'reason', '変更の理由');
  assertLegalDate(command.decidedOn, 'decidedOn', '決定日');
  if (command.decidedOn < superseded.decidedOn) {
    throw projectError(
      'StepDateBeforePreviousStep',
      `変更の決定日 ${command.decidedOn} は変更する決定の決定日（${superseded.decidedOn}）より前です。${superseded.decidedOn} 以降の日付を指定してください。`,
      { field: 'decidedOn', details: { earliest: superseded.decidedOn } },
    );
  }
  return [
    {
      type: 'CostShareRevised',
      schemaVersion: V,
      data: {
        ...decisionData(command, project, superseded.fiscalYear),
        supersedes: superseded.decisionId,
        reason: command.reason,
      },
    },
  ];
}

/** The decision's basis for the actual cost: fixed amounts become ratio weights (按分 by the decided amounts). */
function basisFromDecision(decision: CostShareDecisionState): CostShareBasis {
  if (decision.basis.kind !== 'fixed') return decision.basis;
  return {
    kind: 'ratio',
    weights: decision.allocations.map((a) => ({ municipalityCode: a.municipalityCode, value: a.amount })),
  };
}

function settle(command: SettleCostShare, state: ProjectState): ProjectEvent[] {
  const project = requireProject(state, command.projectId);
  assertFiscalYear(command.fiscalYear, 'fiscalYear');
  const decision = decisionInForce(project, command.fiscalYear);
  if (decision === undefined) {
    throw projectError(
      'SettlementRequiresDecision',
      `${command.fiscalYear}年度の費用分担は決定されていません。決算は決定のある年度について記録します。`,
      { field: 'fiscalYear' },
    );
  }
  const settled = project.settlements.find((s) => s.fiscalYear === command.fiscalYear);
  if (settled !== undefined) {
    throw projectError(
      'SettlementAlreadyRecorded',
      `${command.fiscalYear}年度の決算は${settled.settledOn}に記録済みです。決算は年度ごとに1回記録します。`,
      { field: 'fiscalYear', details: { settledOn: settled.settledOn } },
    );
  }
  assertLegalDate(command.settledOn, 'settledOn', '決算日');
  assertNotAfterToday(
    command.settledOn,
    command.facts.today,
    'settledOn',
    'SettlementDateInFuture',
    '決算日',
  );
  const year = fiscalYearPeriod(command.fiscalYear);
  if (command.settledOn <= year.end) {
    const earliest = `${String(command.fiscalYear + 1).padStart(4, '0')}-04-01`;
    throw projectError(
      'SettlementBeforeFiscalYearEnd',
      `${year.label}（${year.start}〜${year.end}）の決算日 ${command.settledOn}（${toWareki(command.settledOn)}）は年度の終了（${year.end}、${year.endWareki}）より前です。会計年度は4月1日に始まり翌年3月31日に終わります（地方自治法第208条第1項）。決算は年度が終わった後の ${earliest}（${toWareki(earliest)}）以降の日付で記録してください。`,
      { field: 'settledOn', details: { fiscalYearEnd: year.end, earliest } },
    );
  }
  if (command.settledOn < decision.decidedOn) {
    throw projectError(
      'StepDateBeforePreviousStep',
      `決算日 ${command.settledOn} は決定日（${decision.decidedOn}）より前です。${decision.decidedOn} 以降の日付を指定してください。`,
      { field: 'settledOn', details: { earliest: decision.decidedOn } },
    );
  }
  const total = assertYenAmount(command.total, 'total', '決算額');
  if (command.note !== undefined) assertNonBlank(command.note, 'note', '備考');
  const basis = command.basis ?? basisFromDecision(decision);
  const allocations: Allocation[] = allocateCostShare({
    total,
    basis,
    participants: decision.allocations.map((a) => ({ code: a.municipalityCode, name: a.name })),
    coreCityCode: project.coreCity.code,
  });
  return [
    {
      type: 'CostShareSettled',
      schemaVersion: V,
      data: {
        projectId: project.projectId,
        fiscalYear: command.fiscalYear,
        settledOn: command.settledOn,
        decisionId: decision.decisionId,
        total: total.toString(),
        basis,
        basisFromDecision: command.basis === undefined,
        allocations,
        ...(command.note === undefined ? {} : { note: command.note }),
      },
    },
  ];
}

export function decideProject(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  assertMayRecord(command);
  switch (command.type) {
    case 'RegisterProject':
      return register(command, state);
    case 'DecideCostShare':
      return decide(command, state);
    case 'ReviseCostShare':
      return revise(command, state);
    case 'SettleCostShare':
      return settle(command, state);
  }
}

function decisionState(data: CostShareDecisionData, supersedes?: string): CostShareDecisionState {
  return {
    decisionId: data.decisionId,
    fiscalYear: data.fiscalYear,
    decidedOn: data.decidedOn,
    total: data.total,
    basis: data.basis,
    allocations: data.allocations,
    ...(data.consultationId === undefined ? {} : { consultationId: data.consultationId }),
    ...(supersedes === undefined ? {} : { supersedes }),
  };
}

export function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
  if (event.type === 'ProjectRegistered') {
    if (state.status !== 'initial') return state;
    return {
      status: 'registered',
      projectId: event.data.projectId,
      regionId: event.data.regionId,
      coreCity: { ...event.data.coreCity },
      name: event.data.name,
      measure: { ...event.data.measure },
      participants: event.data.participants.map((p) => ({ ...p, agreements: [...p.agreements] })),
      registeredOn: event.data.registeredOn,
      decisions: [],
      settlements: [],
    };
  }
  if (state.status !== 'registered') return state;
  switch (event.type) {
    case 'CostShareDecided':
      return { ...state, decisions: [...state.decisions, decisionState(event.data)] };
    case 'CostShareRevised':
      return {
        ...state,
        decisions: [
          ...state.decisions.map((d) =>
            d.decisionId === event.data.supersedes ? { ...d, supersededBy: event.data.decisionId } : d,
          ),
          decisionState(event.data, event.data.supersedes),
        ],
      };
    case 'CostShareSettled':
      return {
        ...state,
        settlements: [
          ...state.settlements,
          {
            fiscalYear: event.data.fiscalYear,
            settledOn: event.data.settledOn,
            decisionId: event.data.decisionId,
            total: event.data.total,
          },
        ],
      };
  }
}

export const projectDecider: Decider<ProjectCommand, ProjectEvent, ProjectState> = {
  decide: decideProject,
  evolve: evolveProject,
  initialState: initialProjectState,
};
