/**
 * Property tests over random VALID histories: a conclusion proceeding (maybe with a rejection and a
 * re-draft, maybe withdrawn) followed by amendments and perhaps an abolition, with ordinary,
 * prospective and retroactive 施行日 (so amendments are often concluded in another order than they
 * take effect), some proceedings withdrawn and some notices left out. Every command is run through
 * the real decider, so a generated history that a rule refused would fail. The texts in force are
 * checked against a naive recomputation from the events: the original with the amendments whose
 * 施行日 has come applied in 施行日 order (ties: conclusion order).
 */
import fc from 'fast-check';
import {
  addDays,
  AmendmentError,
  applyAmendment,
  MEASURE_CATEGORIES,
  type AgreementDocument,
  type AmendmentOperation,
  type LegalDate,
  type MeasureCategory,
} from '@kyoyaku/legal-text';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { foldEvents } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import {
  assertJsonCompatible,
  concludedAgreementCommands,
  deepEqual,
  historyOf,
  kit,
} from '@kyoyaku/domain/testing';
import type { AgreementCommand } from './agreement.commands';
import { agreementDecider } from './agreement.decider';
import { toAgreementEvent, type AgreementEvent } from './agreement.events';
import type { AgreementState } from './agreement.state';
import type { EffectiveDateTerms } from './agreement.types';
import {
  agreementHistory,
  isInForceOn,
  versionAsOf,
  versionStatusOn,
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
function abolitionTerms(p: ProceedingPlan, start: LegalDate): EffectiveDateTerms {
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
  /** The agreement's own 施行日: no amendment may take effect before it. */
  let agreementEffectiveOn: LegalDate | undefined;
  const run = (
    p: ProceedingPlan,
    proceedingId: string,
    start: AgreementCommand,
    redraft: (on: LegalDate) => AgreementCommand,
    notBefore?: LegalDate,
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
    const planned =
      p.effective.mode === 'same'
        ? concludedOn
        : addDays(concludedOn, p.effective.mode === 'prospective' ? p.effective.days : -p.effective.days);
    const effectiveOn = notBefore !== undefined && planned < notBefore ? notBefore : planned;
    agreementEffectiveOn ??= effectiveOn;
    commands.push(
      kit.conclude({
        proceedingId,
        concludedOn,
        effectiveOn,
        ...(effectiveOn < concludedOn ? { retroactive: { reason: '遡及適用のため' } } : {}),
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
      run(
        p,
        proceedingId,
        kit.amend(operations, { proceedingId, draftedOn: day }),
        (on) => kit.revise({ proceedingId, draftedOn: on, draft: { kind: 'amendment', operations } }),
        agreementEffectiveOn,
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

// ───────────────────────────── naive recomputation ─────────────────────────────

interface ConcludedText {
  kind: 'conclusion' | 'amendment';
  effectiveOn: LegalDate;
  /** Conclusion order. */
  order: number;
  document: AgreementDocument;
  operations: AmendmentOperation[];
}

/** What the events say was concluded, straight from them (no fold, no timeline module). */
function concludedTexts(events: readonly AgreementEvent[]): {
  texts: ConcludedText[];
  abolitionOn?: LegalDate;
} {
  const drafts = new Map<string, AmendmentOperation[]>();
  const texts: ConcludedText[] = [];
  let abolitionOn: LegalDate | undefined;
  for (const event of events) {
    if (event.type === 'DraftRecorded' && event.data.draft.kind === 'amendment')
      drafts.set(event.data.proceedingId, event.data.draft.operations);
    if (event.type !== 'ProceedingConcluded') continue;
    if (event.data.kind === 'abolition') abolitionOn = event.data.effectiveOn;
    else
      texts.push({
        kind: event.data.kind,
        effectiveOn: event.data.effectiveOn,
        order: event.data.versionNumber,
        document: event.data.document,
        operations: drafts.get(event.data.proceedingId) ?? [],
      });
  }
  return { texts, ...(abolitionOn === undefined ? {} : { abolitionOn }) };
}

const byEffectiveDate = (a: ConcludedText, b: ConcludedText) =>
  a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : a.order - b.order;

/**
 * The text in force on `date` by the rule itself: the original with exactly the amendments whose
 * 施行日 ≤ date applied in 施行日 order (ties: conclusion order); none before the agreement's 施行日
 * or from the abolition on.
 */
function naiveTextOn(events: readonly AgreementEvent[], date: LegalDate): AgreementDocument | undefined {
  const { texts, abolitionOn } = concludedTexts(events);
  const original = texts.find((t) => t.kind === 'conclusion');
  if (original === undefined || date < original.effectiveOn) return undefined;
  if (abolitionOn !== undefined && abolitionOn <= date) return undefined;
  return texts
    .filter((t) => t.kind === 'amendment' && t.effectiveOn <= date)
    .sort(byEffectiveDate)
    .reduce((document, t) => applyAmendment(document, t.operations), original.document);
}

/** Dates worth asking about: every 施行日, the day before it, the abolition's, and random ones. */
function interestingDates(history: AgreementHistory, random: readonly LegalDate[]): LegalDate[] {
  const dates = new Set<LegalDate>(random);
  for (const v of history.versions) {
    dates.add(v.effectiveFrom);
    dates.add(addDays(v.effectiveFrom, -1));
  }
  if (history.abolition) dates.add(history.abolition.effectiveOn);
  return [...dates];
}

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

  it('the 沿革 lists versions in 施行日 order (ties: conclusion order), each the one before it with its operations applied', () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        const versions = historyOfEvents(events).versions;
        expect([...versions.map((v) => v.number)].sort((a, b) => a - b)).toEqual(
          versions.map((_, i) => i + 1),
        );
        versions.forEach((version, index) => {
          const previous = versions[index - 1];
          if (!previous) {
            expect(version.kind).toBe('conclusion');
            return;
          }
          expect(
            previous.effectiveFrom < version.effectiveFrom ||
              (previous.effectiveFrom === version.effectiveFrom && previous.number < version.number),
          ).toBe(true);
          expect(version.kind).toBe('amendment');
          expect(version.document).toEqual(applyAmendment(previous.document, version.operations ?? []));
          expect(version.base?.versionNumbers).toEqual(versions.slice(0, index).map((v) => v.number));
        });
      }),
    );
  });

  it('the text in force on d is the original with exactly the amendments whose 施行日 ≤ d applied in 施行日 order', () => {
    fc.assert(
      fc.property(historyArb, fc.array(dateArb, { minLength: 1, maxLength: 6 }), (events, random) => {
        const history = historyOfEvents(events);
        for (const date of interestingDates(history, random)) {
          const inForce = history.versions.filter((v) => isInForceOn(v, date));
          expect(inForce.length).toBeLessThanOrEqual(1);
          expect(versionAsOf(history, date)?.number).toBe(inForce[0]?.number);
          expect(versionAsOf(history, date)?.document).toEqual(naiveTextOn(events, date));
        }
      }),
    );
  });

  it('asOf × knownAt: the text on d as the ledger knew it at any position equals the recomputation from the events known then', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.nat(),
        fc.array(dateArb, { minLength: 1, maxLength: 4 }),
        (events, seed, random) => {
          const cut = (seed % events.length) + 1;
          const known = events.slice(0, cut);
          const then = historyOfEvents(events, BigInt(cut));
          expect(deepEqual(then, historyOfEvents(known))).toBe(true);
          for (const date of interestingDates(historyOfEvents(events), random)) {
            expect(versionAsOf(then, date)?.document).toEqual(naiveTextOn(known, date));
          }
        },
      ),
    );
  });

  it('no version is reported in force before its 施行日; only an abolition reaching it first makes it never in force', () => {
    fc.assert(
      fc.property(historyArb, fc.array(dateArb, { minLength: 1, maxLength: 6 }), (events, random) => {
        const history = historyOfEvents(events);
        const abolitionOn = history.abolition?.effectiveOn;
        for (const version of history.versions) {
          expect(version.neverInForce).toBe(
            abolitionOn !== undefined && abolitionOn <= version.effectiveFrom,
          );
          for (const date of [...random, addDays(version.effectiveFrom, -1)]) {
            if (date >= version.effectiveFrom) continue;
            expect(isInForceOn(version, date)).toBe(false);
            expect(['not-yet-in-force', 'never-in-force']).toContain(versionStatusOn(version, date));
          }
        }
      }),
    );
  });

  it('transaction time: the versions known at any position are exactly those concluded by then', () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), (events, seed) => {
        const cut = BigInt((seed % events.length) + 1);
        const full = historyOfEvents(events);
        const then = historyOfEvents(events, cut);
        expect([...then.versions.map((v) => v.number)].sort((a, b) => a - b)).toEqual(
          full.versions
            .filter((v) => BigInt(v.recordedAtRevision) < cut)
            .map((v) => v.number)
            .sort((a, b) => a - b),
        );
        for (const version of then.versions) {
          const later = full.versions.find((v) => v.number === version.number);
          expect(later?.effectiveFrom).toBe(version.effectiveFrom);
          expect(later?.concludedOn).toBe(version.concludedOn);
          expect(later?.proceedingId).toBe(version.proceedingId);
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
    // Concluded in another order than they take effect.
    expect(
      count((h) => h.versions.some((v, i) => (h.versions[i + 1]?.number ?? Infinity) < v.number)),
    ).toBeGreaterThan(20);
    expect(
      count((h) => h.versions.some((v, i) => h.versions[i + 1]?.effectiveFrom === v.effectiveFrom)),
    ).toBeGreaterThan(0);
    expect(count((h) => h.versions.some((v) => v.neverInForce))).toBeGreaterThan(5);
    expect(count((h) => h.abolition !== undefined)).toBeGreaterThan(10);
    expect(count((h) => h.status === 'withdrawn')).toBeGreaterThan(5);
  });
});

// ─────────────── conclusions that would break the timeline (PendingAmendmentWouldNotApply) ───────────────

/** Renames and role changes of a measure another amendment may remove, or add (m04). */
type RiskyOp = { t: 'rename' | 'role' | 'remove' | 'add'; target: number };
const RISKY_IDS = ['m01', 'm02', 'm03', 'm04'] as const;

const riskyStepArb = fc.record({
  ops: fc.array(
    fc.record({
      t: fc.constantFrom('rename' as const, 'role' as const, 'remove' as const, 'add' as const),
      target: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  gap: fc.integer({ min: 1, max: 200 }),
  effective: effectiveArb,
});

function riskyOperations(ops: readonly RiskyOp[], nextId: () => string): AmendmentOperation[] {
  return ops.map((o): AmendmentOperation => {
    const id = RISKY_IDS[o.target] ?? 'm01';
    switch (o.t) {
      case 'add':
        return {
          op: 'addMeasure',
          measure: {
            id: 'm04',
            category: 'economic-growth',
            name: `施策${nextId()}`,
            content: '各種連携事業に取り組む。',
            roles: { core: '中心', partner: '連携' },
          },
        };
      case 'rename':
        return { op: 'reviseMeasure', id, changes: { name: `名称${nextId()}` } };
      case 'role':
        return { op: 'changeMeasureRole', id, party: 'partner', role: `役割${nextId()}` };
      case 'remove':
        return { op: 'removeMeasure', id };
    }
  });
}

type Outcome = 'concluded' | 'AmendmentDoesNotApply' | 'PendingAmendmentWouldNotApply' | 'draft refused';

/**
 * Runs amendments that may remove measures others rename, with random 施行日, against the real
 * decider: each conclusion is either recorded or refused (then the proceeding is withdrawn).
 */
function runRisky(steps: readonly (typeof riskyStepArb extends fc.Arbitrary<infer T> ? T : never)[]) {
  let events = historyOf(concludedAgreementCommands());
  let state: AgreementState = foldEvents(agreementDecider, events);
  let day: LegalDate = '2020-01-10';
  let counter = 0;
  const nextId = () => `${++counter}`;
  const record = (command: AgreementCommand) => {
    const produced = agreementDecider.decide(command, state);
    state = produced.reduce(agreementDecider.evolve, state);
    events = [...events, ...produced];
  };
  const outcomes: { outcome: Outcome; expected: Outcome }[] = [];
  steps.forEach((step, i) => {
    const proceedingId = `p-${i}`;
    const operations = riskyOperations(step.ops, nextId);
    day = addDays(day, step.gap);
    const { texts } = concludedTexts(events);
    const original = texts.find((t) => t.kind === 'conclusion');
    if (!original) throw new Error('no original');
    const planned =
      step.effective.mode === 'same'
        ? day
        : addDays(day, step.effective.mode === 'prospective' ? step.effective.days : -step.effective.days);
    const effectiveOn = planned < original.effectiveOn ? original.effectiveOn : planned;
    // The rule, naively: replay every concluded amendment and this one in 施行日 order.
    const replay = (candidate: readonly ConcludedText[]): 'ok' | 'own' | 'later' => {
      let document = original.document;
      for (const t of [...candidate].sort(byEffectiveDate)) {
        if (t.kind === 'conclusion') continue;
        try {
          document = applyAmendment(document, t.operations);
        } catch (error) {
          if (!(error instanceof AmendmentError)) throw error;
          return t.order === texts.length + 1 ? 'own' : 'later';
        }
      }
      return 'ok';
    };
    const endOfTimeline = replay([
      ...texts,
      {
        kind: 'amendment',
        effectiveOn: '9999-12-31',
        order: texts.length + 1,
        document: original.document,
        operations,
      },
    ]);
    try {
      record(kit.amend(operations, { proceedingId, draftedOn: day }));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'AmendmentDoesNotApply') throw error;
      outcomes.push({
        outcome: 'draft refused',
        expected: endOfTimeline === 'ok' ? 'concluded' : 'draft refused',
      });
      return;
    }
    record(kit.resolve('core', 'approved', { proceedingId, resolvedOn: day }));
    record(kit.resolve('partner', 'approved', { proceedingId, resolvedOn: day }));
    const verdict = replay([
      ...texts,
      { kind: 'amendment', effectiveOn, order: texts.length + 1, document: original.document, operations },
    ]);
    const expected: Outcome =
      verdict === 'ok'
        ? 'concluded'
        : verdict === 'own'
          ? 'AmendmentDoesNotApply'
          : 'PendingAmendmentWouldNotApply';
    try {
      record(
        kit.conclude({
          proceedingId,
          concludedOn: day,
          effectiveOn,
          ...(effectiveOn < day ? { retroactive: { reason: '遡及適用のため' } } : {}),
        }),
      );
      outcomes.push({ outcome: 'concluded', expected });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes.push({ outcome: error.code as Outcome, expected });
      record(kit.withdraw({ proceedingId, withdrawnOn: day, reason: '締結できないため' }));
    }
  });
  return { events, outcomes };
}

describe('conclusions that would break the timeline', () => {
  const stepsArb = fc.array(riskyStepArb, { minLength: 1, maxLength: 6 });

  it('are refused exactly when an amendment would not apply in 施行日 order — its own, or one taking effect after it', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const { events, outcomes } = runRisky(steps);
        for (const { outcome, expected } of outcomes) expect(outcome).toBe(expected);
        // What was recorded always replays: every version applies on the one before it.
        const versions = historyOfEvents(events).versions;
        versions.forEach((version, index) => {
          const previous = versions[index - 1];
          if (previous)
            expect(version.document).toEqual(applyAmendment(previous.document, version.operations ?? []));
        });
      }),
    );
  });

  it('the generator reaches each outcome', () => {
    const outcomes = fc
      .sample(stepsArb, { numRuns: 200, seed: 7 })
      .flatMap((steps) => runRisky(steps).outcomes);
    const count = (o: Outcome) => outcomes.filter((x) => x.outcome === o).length;
    expect(count('concluded')).toBeGreaterThan(50);
    expect(count('PendingAmendmentWouldNotApply')).toBeGreaterThan(5);
    expect(count('AmendmentDoesNotApply')).toBeGreaterThan(5);
    expect(count('draft refused')).toBeGreaterThan(5);
  });
});
