/**
 * Property tests over random VALID histories: a conclusion proceeding (maybe with a rejection and a
 * re-draft, maybe withdrawn) followed by amendments and perhaps an abolition, with ordinary,
 * prospective and retroactive 施行日, some proceedings withdrawn and some notices left out. Every
 * command is run through the real decider, so a generated history that a rule refused would fail.
 */
import fc from 'fast-check';
import {
  addDays,
  applyAmendment,
  MEASURE_CATEGORIES,
  type AmendmentOperation,
  type LegalDate,
  type MeasureCategory,
} from '@kyoyaku/legal-text';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { foldEvents } from '../shared/decider';
import { assertJsonCompatible, deepEqual, kit } from '@kyoyaku/domain/testing';
import type { AgreementCommand } from './agreement.commands';
import { agreementDecider } from './agreement.decider';
import { toAgreementEvent, type AgreementEvent } from './agreement.events';
import type { AgreementState } from './agreement.state';
import type { AbolitionTerms } from './agreement.types';
import {
  agreementHistory,
  isInForceOn,
  versionAsOf,
  type AgreementHistory,
  type PositionedAgreementEvent,
} from './agreement-versions';

// ───────────────────────────── arbitraries ─────────────────────────────

const KANA = [...'あいうえおかきくけこさしすせそたちつてと'];
const textArb = fc.string({ unit: fc.constantFrom(...KANA), minLength: 1, maxLength: 8 });

type OpChoice =
  | { t: 'rename'; target: number; name: string }
  | { t: 'role'; target: number; party: 'core' | 'partner'; role: string }
  | { t: 'add'; category: MeasureCategory; name: string };

const opChoiceArb: fc.Arbitrary<OpChoice> = fc.oneof(
  fc.record({ t: fc.constant('rename' as const), target: fc.integer({ min: 0, max: 2 }), name: textArb }),
  fc.record({
    t: fc.constant('role' as const),
    target: fc.integer({ min: 0, max: 2 }),
    party: fc.constantFrom('core' as const, 'partner' as const),
    role: textArb,
  }),
  fc.record({
    t: fc.constant('add' as const),
    category: fc.constantFrom(...MEASURE_CATEGORIES),
    name: textArb,
  }),
);

type Effective =
  { mode: 'same' } | { mode: 'prospective'; days: number } | { mode: 'retroactive'; days: number };

const effectiveArb: fc.Arbitrary<Effective> = fc.oneof(
  fc.constant({ mode: 'same' as const }),
  fc.record({ mode: fc.constant('prospective' as const), days: fc.integer({ min: 1, max: 900 }) }),
  fc.record({ mode: fc.constant('retroactive' as const), days: fc.integer({ min: 1, max: 900 }) }),
);

interface ProceedingPlan {
  kind: 'amendment' | 'abolition';
  gaps: number[];
  partnerRejectsFirst: boolean;
  redraft: boolean;
  withdraw: boolean;
  effective: Effective;
  ops: OpChoice[];
  notificationFirst: boolean;
  leaveNoticesOut: boolean;
}

const planArb: fc.Arbitrary<ProceedingPlan> = fc.record({
  kind: fc.oneof(
    { weight: 4, arbitrary: fc.constant('amendment' as const) },
    fc.constant('abolition' as const),
  ),
  gaps: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 6, maxLength: 6 }),
  partnerRejectsFirst: fc.boolean(),
  redraft: fc.boolean(),
  withdraw: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true)),
  effective: effectiveArb,
  ops: fc.array(opChoiceArb, { minLength: 1, maxLength: 3 }),
  notificationFirst: fc.boolean(),
  leaveNoticesOut: fc.boolean(),
});

const historyPlanArb = fc.record({ conclusion: planArb, followUps: fc.array(planArb, { maxLength: 5 }) });

// ───────────────────────────── interpreter ─────────────────────────────

const MEASURE_IDS = ['m01', 'm02', 'm03'] as const;

function toOperations(choices: readonly OpChoice[], nextId: () => string): AmendmentOperation[] {
  return choices.map((c): AmendmentOperation => {
    switch (c.t) {
      case 'rename':
        // A unique suffix: an operation that changes nothing is refused (it was drafted against another text).
        return {
          op: 'reviseMeasure',
          id: MEASURE_IDS[c.target] ?? 'm01',
          changes: { name: `${c.name}${nextId()}` },
        };
      case 'role':
        return {
          op: 'changeMeasureRole',
          id: MEASURE_IDS[c.target] ?? 'm01',
          party: c.party,
          role: `${c.role}${nextId()}`,
        };
      case 'add':
        return {
          op: 'addMeasure',
          measure: {
            id: nextId(),
            category: c.category,
            name: c.name,
            content: `${c.name}の取組`,
            roles: { core: '中心', partner: '連携' },
          },
        };
    }
  });
}

/** The conclusion date `run` reaches for a plan started on `start` (the same steps, in the same order). */
function plannedConclusion(p: ProceedingPlan, start: LegalDate): LegalDate {
  const used = [p.partnerRejectsFirst ? 0 : -1, p.redraft ? 1 : -1, 2, 3, 4].filter((i) => i >= 0);
  return used.reduce((day, i) => addDays(day, p.gaps[i] ?? 0), start);
}

/** An abolition's terms matching the 施行日 its plan concludes with (both keys set: they replace the kit's). */
function abolitionTerms(p: ProceedingPlan, start: LegalDate): AbolitionTerms {
  const concludedOn = plannedConclusion(p, start);
  switch (p.effective.mode) {
    case 'same':
      return { effectiveOn: undefined, appliesFrom: undefined };
    case 'prospective':
      return { effectiveOn: addDays(concludedOn, p.effective.days), appliesFrom: undefined };
    case 'retroactive':
      return { effectiveOn: undefined, appliesFrom: addDays(concludedOn, -p.effective.days) };
  }
}

/** The commands of a valid history for a plan; every one is accepted by the decider. */
function commandsFor(plan: { conclusion: ProceedingPlan; followUps: ProceedingPlan[] }): AgreementCommand[] {
  const commands: AgreementCommand[] = [];
  let day: LegalDate = '2019-11-01';
  let idCounter = 0;
  const nextId = () => `x${++idCounter}`;
  const run = (
    p: ProceedingPlan,
    proceedingId: string,
    start: AgreementCommand,
    redraft: (on: LegalDate) => AgreementCommand,
  ) => {
    const step = (i: number) => (day = addDays(day, p.gaps[i] ?? 0));
    commands.push(start);
    if (p.partnerRejectsFirst)
      commands.push(kit.resolve('partner', 'rejected', { proceedingId, resolvedOn: step(0) }));
    if (p.redraft) commands.push(redraft(step(1)));
    if (p.withdraw) {
      commands.push(kit.withdraw({ proceedingId, withdrawnOn: step(2) }));
      return false;
    }
    commands.push(kit.resolve('core', 'approved', { proceedingId, resolvedOn: step(2) }));
    commands.push(kit.resolve('partner', 'approved', { proceedingId, resolvedOn: step(3) }));
    const concludedOn = step(4);
    const effectiveOn =
      p.effective.mode === 'same'
        ? concludedOn
        : addDays(concludedOn, p.effective.mode === 'prospective' ? p.effective.days : -p.effective.days);
    commands.push(
      kit.conclude({
        proceedingId,
        concludedOn,
        effectiveOn,
        ...(p.effective.mode === 'retroactive' ? { retroactive: { reason: '遡及適用のため' } } : {}),
      }),
    );
    if (!p.leaveNoticesOut) {
      const notify = kit.notify({ proceedingId, notifiedOn: step(5) });
      if (p.notificationFirst) commands.push(notify);
      commands.push(
        kit.notice('core', { proceedingId, publishedOn: day }),
        kit.notice('partner', { proceedingId, publishedOn: day }),
      );
      if (!p.notificationFirst) commands.push(notify);
    }
    return true;
  };

  const c = plan.conclusion;
  const concluded = run(c, 'p-0', kit.open({ proceedingId: 'p-0', draftedOn: day }), (on) =>
    kit.revise({
      proceedingId: 'p-0',
      draftedOn: on,
      draft: { kind: 'conclusion', document: buildSampleDocument({ title: `協約案（${on}）` }) },
    }),
  );
  if (!concluded) return commands;
  let n = 0;
  for (const p of plan.followUps) {
    const proceedingId = `p-${++n}`;
    day = addDays(day, 1);
    if (p.kind === 'amendment') {
      const operations = toOperations(p.ops, nextId);
      run(p, proceedingId, kit.amend(operations, { proceedingId, draftedOn: day }), (on) =>
        kit.revise({ proceedingId, draftedOn: on, draft: { kind: 'amendment', operations } }),
      );
    } else {
      // The 附則 states the 施行日 the conclusion will give: the same day (締結の日から), a later one,
      // or an earlier one it applies from (遡及).
      const terms = abolitionTerms(p, day);
      const done = run(p, proceedingId, kit.abolish({ proceedingId, draftedOn: day, ...terms }), (on) =>
        kit.revise({
          proceedingId,
          draftedOn: on,
          draft: { kind: 'abolition', reason: '再検討後の廃止理由', ...terms },
        }),
      );
      if (done) break;
    }
  }
  return commands;
}

function eventsOf(commands: readonly AgreementCommand[]): AgreementEvent[] {
  const events: AgreementEvent[] = [];
  let state: AgreementState = agreementDecider.initialState();
  for (const command of commands) {
    const produced = agreementDecider.decide(command, state);
    state = produced.reduce(agreementDecider.evolve, state);
    events.push(...produced);
  }
  return events;
}

const positioned = (events: readonly AgreementEvent[]): PositionedAgreementEvent[] =>
  events.map((event, i) => ({ position: BigInt(i + 1), event }));

function historyOfEvents(events: readonly AgreementEvent[], upToPosition?: bigint): AgreementHistory {
  const history = agreementHistory(positioned(events), upToPosition === undefined ? {} : { upToPosition });
  if (!history) throw new Error('no AgreementOpened');
  return history;
}

const historyArb = historyPlanArb.map((plan) => eventsOf(commandsFor(plan)));
const dateArb = fc.integer({ min: 0, max: 9000 }).map((n) => addDays('2018-01-01', n));

// ───────────────────────────── properties ─────────────────────────────

describe('agreement properties', () => {
  it('every generated history is accepted by the decider and its events are JSON-compatible', () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        for (const event of events) assertJsonCompatible(event.data);
        expect(events[0]?.type).toBe('AgreementOpened');
      }),
    );
  });

  it('folding the events of any valid history is deterministic, also after a JSON round trip', () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        const once = foldEvents(agreementDecider, events);
        const twice = foldEvents(agreementDecider, events);
        const stored = (JSON.parse(JSON.stringify(events)) as AgreementEvent[]).map(toAgreementEvent);
        const replayed = foldEvents(agreementDecider, stored);
        expect(deepEqual(once, twice)).toBe(true);
        expect(deepEqual(once, replayed)).toBe(true);
      }),
    );
  });

  it('version n+1 always equals version n with its operations applied (applyAmendment)', () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        const versions = historyOfEvents(events).versions;
        versions.forEach((version, index) => {
          expect(version.number).toBe(index + 1);
          const previous = versions[index - 1];
          if (!previous) {
            expect(version.kind).toBe('conclusion');
            return;
          }
          expect(version.kind).toBe('amendment');
          expect(version.document).toEqual(applyAmendment(previous.document, version.operations ?? []));
        });
      }),
    );
  });

  it('asOf any date returns exactly one version or none — the latest-concluded one whose 施行日 has come', () => {
    fc.assert(
      fc.property(historyArb, fc.array(dateArb, { minLength: 1, maxLength: 10 }), (events, dates) => {
        const history = historyOfEvents(events);
        for (const date of dates) {
          const inForce = history.versions.filter((v) => isInForceOn(v, date));
          expect(inForce.length).toBeLessThanOrEqual(1);
          const abolished = history.abolition !== undefined && history.abolition.effectiveOn <= date;
          const started = history.versions.filter((v) => v.effectiveFrom <= date);
          const expected = abolished ? undefined : started[started.length - 1];
          expect(versionAsOf(history, date)?.number).toBe(expected?.number);
          expect(inForce[0]?.number).toBe(expected?.number);
        }
      }),
    );
  });

  it('transaction time: the versions known at any position are exactly those concluded by then, unchanged', () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), (events, seed) => {
        const cut = BigInt((seed % events.length) + 1);
        const full = historyOfEvents(events);
        const then = historyOfEvents(events, cut);
        expect(deepEqual(then, historyOfEvents(events.slice(0, Number(cut))))).toBe(true);
        expect(then.versions.map((v) => v.number)).toEqual(
          full.versions.filter((v) => BigInt(v.recordedAtRevision) < cut).map((v) => v.number),
        );
        for (const version of then.versions) {
          const later = full.versions[version.number - 1];
          expect(later?.document).toEqual(version.document);
          expect(later?.effectiveFrom).toBe(version.effectiveFrom);
          expect(later?.concludedOn).toBe(version.concludedOn);
        }
      }),
    );
  });
});

describe('the history generator', () => {
  it('covers the interesting cases (so the properties above are not vacuous)', () => {
    const samples = fc
      .sample(historyArb, { numRuns: 300, seed: 42 })
      .map((events) => historyOfEvents(events));
    const count = (predicate: (h: AgreementHistory) => boolean) => samples.filter(predicate).length;
    expect(count((h) => h.versions.length >= 3)).toBeGreaterThan(20);
    expect(count((h) => h.versions.some((v) => v.retroactive !== undefined))).toBeGreaterThan(20);
    expect(count((h) => h.versions.some((v) => v.neverInForce))).toBeGreaterThan(5);
    expect(count((h) => h.abolition !== undefined)).toBeGreaterThan(10);
    expect(count((h) => h.status === 'withdrawn')).toBeGreaterThan(5);
  });
});
