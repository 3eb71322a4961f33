import { isMunicipalityCode } from '@kyoyaku/domain';
import { isLegalDate } from '@kyoyaku/legal-text';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A calendar date in Japan, 'YYYY-MM-DD' (no time, no zone), that exists. */
export function IsLegalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLegalDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: '$property must be a calendar date written YYYY-MM-DD, e.g. 2019-12-25',
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isLegalDate(value) },
    });
}

/** The largest global position any store keeps (a signed 64-bit integer). */
const MAX_POSITION = 2n ** 63n - 1n;

/** A global position or cursor in decimal digits, within what a store can hold. */
export function isPositionDigits(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_POSITION;
}

/** A global position or cursor (`after`, `atPosition`): digits, at most 2^63−1. */
export function IsPosition(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPosition',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: '$property must be a global position: digits, at most 9223372036854775807',
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
