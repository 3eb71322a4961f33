import { isMunicipalityCode } from '@kyoyaku/domain';
import { isLegalDate, readLegalDate, type ReadResult, type ReferenceReading } from '@kyoyaku/legal-text';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  registerDecorator,
  ValidateBy,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/**
 * Reads what a person typed into its canonical form before validation (令和8年4月1日 → 2026-04-01):
 * the raw input is read, not a value another decorator already converted (@Type(() => Number) on a
 * query); input that does not read is kept as typed, for the validator to refuse quoting the reason.
 */
export function ReadAs<T>(read: (input: string) => ReadResult<T>): PropertyDecorator {
  return Transform(({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }) => {
    const raw = obj[key];
    if (typeof raw !== 'string') return value;
    const result = read(raw);
    return result.ok ? result.value : raw;
  });
}

/**
 * The rule broken by a reference that reads but names nothing (第0条, 第4条第0項: 条・項・号 are numbered
 * from 1, 枝番号 from 2). The request is well formed and what it names does not exist, so the validation
 * pipe answers 422 when this is all that is wrong, reporting it alone for its field.
 */
export const REFERENCE_NAMES_NOTHING = 'referenceNamesNothing';

/**
 * Refuses a string that `read` reads as a reference naming nothing; `expected` says what to give
 * instead. Values that read, or do not read at all, are left to the field's other rules.
 */
export function NamesSomething(
  read: (input: string) => ReferenceReading<unknown>,
  expected: string,
): PropertyDecorator {
  const failure = (value: unknown) => {
    if (typeof value !== 'string') return undefined;
    const result = read(value);
    return !result.ok && result.namesNothing ? result : undefined;
  };
  return ValidateBy({
    name: REFERENCE_NAMES_NOTHING,
    validator: {
      validate: (value: unknown) => failure(value) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'the field'} names nothing: ${failure(args?.value)?.reason ?? ''}. Give ${expected}`,
    },
  });
}

/** Why a string did not read, for the problem's message. */
export function unreadReason<T>(read: (input: string) => ReadResult<T>, args: ValidationArguments): string {
  if (typeof args.value !== 'string') return '';
  const result = read(args.value);
  return result.ok ? '' : ` (${result.reason})`;
}

/**
 * A calendar date in Japan (no time, no zone), that exists: 'YYYY-MM-DD', or 和暦 as people write it
 * (令和8年4月1日, 令和元年5月1日, R8.4.1), read into 'YYYY-MM-DD' — the form stored and echoed back.
 */
export function IsLegalDate(options?: ValidationOptions): PropertyDecorator {
  const validate: PropertyDecorator = (target, propertyName) =>
    registerDecorator({
      name: 'isLegalDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must be a calendar date: YYYY-MM-DD (e.g. 2019-12-25) or 和暦 (令和元年12月25日, R1.12.25)${unreadReason(readLegalDate, args)}`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isLegalDate(value) },
    });
  return applyDecorators(ReadAs(readLegalDate), validate);
}

/**
 * Plain decimal digits, the one form of a whole number in a path or a query: no sign, decimal point,
 * exponent, 0x, spaces or leading zero ('0' itself aside).
 */
function isPlainDigits(value: string, maxDigits: number): boolean {
  return value.length <= maxDigits && /^(?:0|[1-9][0-9]*)$/.test(value);
}

/** A path or query value read as a whole number if it is written in plain decimal digits. */
function readDecimalInteger(input: string): ReadResult<number> {
  return isPlainDigits(input, 15)
    ? { ok: true, value: Number(input) }
    : { ok: false, reason: 'not plain decimal digits' };
}

/**
 * A whole number given in a path or a query (a version or draft number, a page size): plain decimal
 * digits from `min` to `max`. The one rule for such parameters: @Type(() => Number) converts with
 * Number(), which reads 0x1, 1.0, 1e0, +1 and ' 1' all as 1, so a client's mistake would name version 1.
 * `what` says what the number is ('a version number').
 */
export function IsDecimalInteger(
  min: number,
  max: number,
  what: string,
  options?: ValidationOptions,
): PropertyDecorator {
  const validate: PropertyDecorator = (target, propertyName) =>
    registerDecorator({
      name: 'isDecimalInteger',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be ${what}: a whole number from ${min} to ${max} in plain decimal digits (no sign, decimal point, exponent, 0x, spaces or leading zeros)`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max,
      },
    });
  return applyDecorators(ReadAs(readDecimalInteger), validate);
}

/** The largest global position any store keeps (a signed 64-bit integer). */
const MAX_POSITION = 2n ** 63n - 1n;

/** A global position or cursor in decimal digits, within what a store can hold. */
export function isPositionDigits(value: unknown): value is string {
  return typeof value === 'string' && isPlainDigits(value, 19) && BigInt(value) <= MAX_POSITION;
}

/** A global position or cursor (`after`, `atPosition`): plain decimal digits, at most 2^63−1. */
export function IsPosition(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPosition',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          '$property must be a global position: plain decimal digits (no sign, spaces or leading zeros), at most 9223372036854775807',
        ...options,
      },
      validator: { validate: isPositionDigits },
    });
}

/** 全国地方公共団体コード: six digits whose last is the check digit. */
export function IsMunicipalityCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'municipalityCode',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          '$property must be a 全国地方公共団体コード: 6 digits with a valid check digit (e.g. 022012 for 青森市)',
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isMunicipalityCode(value) },
    });
}

/** An RFC 3339 instant with a zone, e.g. 2026-04-01T09:00:00Z or 2026-04-01T18:00:00+09:00. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  const pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an RFC 3339 instant such as 2026-04-01T09:00:00Z', ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && pattern.test(value) && !Number.isNaN(Date.parse(value)),
      },
    });
}

/** Ids chosen by clients (agreements, proceedings, regions): lower-case slugs. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const ID_MESSAGE =
  '$property must be 1–64 characters of a–z, 0–9 and -, starting with a letter or digit';
