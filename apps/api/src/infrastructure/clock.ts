/** The server's clock, injected so tests can set time (DESIGN.md §4: recorded times come from it). */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
