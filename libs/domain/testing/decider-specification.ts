/**
 * Given/when/then for deciders (DESIGN.md §10, after Emmett's DeciderSpecification):
 *
 *   const spec = DeciderSpecification.for(agreementDecider);
 *   spec.given([opened, drafted]).when(conclude).then([concluded]);
 *   spec.given([opened, drafted]).when(conclude).thenThrows('ConclusionRequiresBothCouncilApprovals');
 *
 * Framework-free on purpose (it ships in the library and is built without jest types): a failed
 * expectation throws an Error whose message shows expected and actual, which every test runner reports.
 */
import type { Decider } from '../src/shared/decider';
import { DomainError, type DomainErrorKind } from '../src/shared/domain-error';

export class SpecificationFailure extends Error {
  override readonly name = 'SpecificationFailure';
}

const PROGRAM_WORDS = [
  { what: 'a command or event type', pattern: /\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b/ },
  { what: 'a role identifier', pattern: /\b(?:reader|clerk|secretariat|admin)\b/ },
];

/**
 * Every refusal a spec provokes is read as a clerk reads it (the web shows it): commands, records
 * and roles by their Japanese names, never by a type (`ScheduleConsultation`) or a role id.
 */
function assertWordsForClerks(code: string, message: string): void {
  for (const { what, pattern } of PROGRAM_WORDS) {
    const found = pattern.exec(message)?.[0];
    if (found !== undefined) {
      throw new SpecificationFailure(`${code} names ${what} (${found}) in its message: ${message}`);
    }
  }
}

function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v.toString()}n` : v), 2);
}

/** Structural equality of JSON-like values; `undefined`-valued keys count as present (events must omit them). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Throws when a value (an event's data) holds `undefined`, a non-integer number, a bigint or a function. */
export function assertJsonCompatible(value: unknown, path = 'data'): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new SpecificationFailure(`${path}: ${value} is not a safe integer (no floats in events)`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertJsonCompatible(item, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) assertJsonCompatible(item, `${path}.${key}`);
    return;
  }
  throw new SpecificationFailure(`${path}: ${typeof value} is not JSON-compatible (omit undefined keys)`);
}

export interface ThenClause<Event, State> {
  /** The command yields exactly these events (deep equality, in order). */
  then(expected: readonly Event[]): Event[];
  /** The command yields events satisfying a check (returns them). */
  thenEvents(check: (events: Event[], state: State) => void): Event[];
  /** The command throws a DomainError with this code (and kind, if given); returns the error. */
  thenThrows(code: string, kind?: DomainErrorKind): DomainError;
}

export interface WhenClause<Command, Event, State> {
  when(command: Command): ThenClause<Event, State>;
  /** The state the given events fold into. */
  state(): State;
}

export interface DeciderSpecification<Command, Event, State> {
  given(events: readonly Event[]): WhenClause<Command, Event, State>;
}

function forDecider<Command, Event extends { data: object }, State>(
  decider: Decider<Command, Event, State>,
): DeciderSpecification<Command, Event, State> {
  return {
    given(events) {
      const fold = () => events.reduce<State>((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        state: fold,
        when(command) {
          const run = (): { events: Event[]; state: State } => {
            const state = fold();
            const produced = decider.decide(command, state);
            for (const event of produced) assertJsonCompatible(event.data);
            // The produced events must fold without error, too.
            produced.reduce<State>((s, e) => decider.evolve(s, e), state);
            return { events: produced, state };
          };
          return {
            then(expected) {
              const { events: actual } = run();
              if (!deepEqual(actual, expected)) {
                throw new SpecificationFailure(
                  `expected events:\n${stringify(expected)}\nbut the decider produced:\n${stringify(actual)}`,
                );
              }
              return actual;
            },
            thenEvents(check) {
              const { events: actual, state } = run();
              check(actual, state);
              return actual;
            },
            thenThrows(code, kind) {
              let produced: Event[];
              try {
                produced = run().events;
              } catch (error: unknown) {
                if (!(error instanceof DomainError)) {
                  throw new SpecificationFailure(
                    `expected DomainError ${code} but got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
                  );
                }
                if (error.code !== code) {
                  throw new SpecificationFailure(
                    `expected DomainError ${code} but got ${error.code}: ${error.message}`,
                  );
                }
                if (kind !== undefined && error.kind !== kind) {
                  throw new SpecificationFailure(`expected ${code} of kind ${kind} but it is ${error.kind}`);
                }
                if (error.message.trim() === '')
                  throw new SpecificationFailure(`${code} has an empty message`);
                assertWordsForClerks(code, error.message);
                return error;
              }
              throw new SpecificationFailure(
                `expected DomainError ${code} but the decider produced:\n${stringify(produced)}`,
              );
            },
          };
        },
      };
    },
  };
}

export const DeciderSpecification = { for: forDecider };
