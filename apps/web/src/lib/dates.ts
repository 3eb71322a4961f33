/**
 * Dates as legal staff read them: legal dates are calendar dates in Japan (`2019-12-25`, no zone),
 * shown with their 和暦 (令和元年12月25日) beside them; recorded times are instants shown in Japan
 * time. The 和暦 and the date arithmetic come from the document library the server uses, so the
 * browser and the API never disagree about an era boundary.
 */
import { addDays, isLegalDate, toWareki } from '@kyoyaku/legal-text';

export { addDays, isLegalDate };

/** Japan has one zone and no daylight saving time: UTC+9 all year. */
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/** 令和元年12月25日; '' for a date the 和暦 does not cover (before 昭和) or that is not a date. */
export function warekiOf(date: string): string {
  if (!isLegalDate(date)) return '';
  try {
    return toWareki(date);
  } catch {
    return '';
  }
}

/** `2019-12-25（令和元年12月25日）`: the ISO date with its 和暦 beside it. */
export function withWareki(date: string): string {
  const wareki = warekiOf(date);
  return wareki === '' ? date : `${date}（${wareki}）`;
}

/** Today's date in Japan. */
export function todayInJapan(now: Date): string {
  return new Date(now.getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The value of an `<input type="datetime-local">` read as Japan time (`2022-06-01T09:30`) as an
 * RFC 3339 instant the API accepts (`2022-06-01T09:30:00+09:00`); undefined when it is not one.
 */
export function instantFromJapanLocal(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (match === null) return undefined;
  const [, date = '', hours = '', minutes = '', seconds = '00'] = match;
  if (!isLegalDate(date) || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) {
    return undefined;
  }
  return `${date}T${hours}:${minutes}:${seconds}+09:00`;
}

/** An instant as Japan local time for a datetime-local input (`2022-06-01T09:30`); '' if invalid. */
export function japanLocalFromInstant(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + JAPAN_OFFSET_MS).toISOString().slice(0, 16);
}

/** A recorded instant in Japan time with the date's 和暦: `2019-12-25 09:00（令和元年12月25日）`. */
export function formatInstant(instant: string): string {
  const local = japanLocalFromInstant(instant);
  if (local === '') return instant;
  const date = local.slice(0, 10);
  const wareki = warekiOf(date);
  const text = `${date} ${local.slice(11, 16)}`;
  return wareki === '' ? text : `${text}（${wareki}）`;
}

/** The last day of a span that ends (exclusively) on `end`: 施行期間 …〜2021-03-31 for a next 施行日 of 2021-04-01. */
export function lastDayBefore(end: string): string {
  return addDays(end, -1);
}
