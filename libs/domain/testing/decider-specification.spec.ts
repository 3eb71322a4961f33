import { DomainError } from '../src/shared/domain-error';
import type { Decider } from '../src/shared/decider';
import {
  assertJsonCompatible,
  DeciderSpecification,
  deepEqual,
  SpecificationFailure,
} from './decider-specification';

type Cmd =
  { type: 'Add'; n: number } | { type: 'Crash' } | { type: 'Float' } | { type: 'Refuse'; message: string };
type Evt = { type: 'Added'; schemaVersion: 1; data: { n: number } };

const counter: Decider<Cmd, Evt, number> = {
  initialState: () => 0,
  evolve: (s, e) => s + e.data.n,
  decide: (c, s) => {
    switch (c.type) {
      case 'Add':
        if (s + c.n > 10)
          throw new DomainError({ code: 'TooBig', kind: 'conflict', message: '10を超えます' });
        return [{ type: 'Added', schemaVersion: 1, data: { n: c.n } }];
      case 'Crash':
        throw new TypeError('boom');
      case 'Float':
        return [{ type: 'Added', schemaVersion: 1, data: { n: 0.5 } }];
      case 'Refuse':
        throw new DomainError({ code: 'Refused', kind: 'forbidden', message: c.message });
    }
  },
};
const spec = DeciderSpecification.for(counter);
const added = (n: number): Evt => ({ type: 'Added', schemaVersion: 1, data: { n } });

describe('DeciderSpecification', () => {
  it('thenThrows fails on a refusal that names a command type or a role id', () => {
    const refuse = (message: string) => () =>
      spec.given([]).when({ type: 'Refuse', message }).thenThrows('Refused');
    expect(refuse('協議の予定の登録は事務局又は管理者が行います。')).not.toThrow();
    expect(refuse('協議の記録（ScheduleConsultation）はできません。')).toThrow(SpecificationFailure);
    expect(refuse('事務局（secretariat）が記録します。')).toThrow(/a role identifier \(secretariat\)/);
  });

  it('then passes on the exact events and fails on others', () => {
    expect(
      spec
        .given([added(3)])
        .when({ type: 'Add', n: 2 })
        .then([added(2)]),
    ).toEqual([added(2)]);
    expect(() =>
      spec
        .given([added(3)])
        .when({ type: 'Add', n: 2 })
        .then([added(3)]),
    ).toThrow(SpecificationFailure);
    expect(() =>
      spec
        .given([added(3)])
        .when({ type: 'Add', n: 2 })
        .then([]),
    ).toThrow(SpecificationFailure);
  });

  it('then fails when the decider throws', () => {
    expect(() =>
      spec
        .given([added(9)])
        .when({ type: 'Add', n: 2 })
        .then([added(2)]),
    ).toThrow(DomainError);
  });

  it('thenThrows passes on the code (and kind) and fails otherwise', () => {
    expect(
      spec
        .given([added(9)])
        .when({ type: 'Add', n: 2 })
        .thenThrows('TooBig', 'conflict').code,
    ).toBe('TooBig');
    expect(() =>
      spec
        .given([added(9)])
        .when({ type: 'Add', n: 2 })
        .thenThrows('Other'),
    ).toThrow(SpecificationFailure);
    expect(() =>
      spec
        .given([added(9)])
        .when({ type: 'Add', n: 2 })
        .thenThrows('TooBig', 'invalid'),
    ).toThrow(SpecificationFailure);
    expect(() => spec.given([]).when({ type: 'Add', n: 2 }).thenThrows('TooBig')).toThrow(
      SpecificationFailure,
    );
    expect(() => spec.given([]).when({ type: 'Crash' }).thenThrows('TooBig')).toThrow(SpecificationFailure);
  });

  it('rejects events that are not JSON-compatible', () => {
    expect(() =>
      spec
        .given([])
        .when({ type: 'Float' })
        .then([added(0.5)]),
    ).toThrow(SpecificationFailure);
    expect(() => assertJsonCompatible({ a: undefined })).toThrow(SpecificationFailure);
    expect(() => assertJsonCompatible({ a: [1, 'x', null, { b: true }] })).not.toThrow();
  });

  it('state() folds the given events; deepEqual is structural', () => {
    expect(spec.given([added(1), added(2)]).state()).toBe(3);
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });
});
