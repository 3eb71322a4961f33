/** The server's clock, injected so tests can set time (DESIGN.md §4: recorded times come from it). */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

const JAPAN_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's calendar date in Japan (legal dates have no zone; they are the date in Japan). */
export function japanToday(clock: Clock): string {
  return JAPAN_DATE.format(clock.now());
}
