/**
 * Validators of the cost-share requests. Each is named after the domain rule it checks, so a
 * problem document's `errors[].rule` is the same code the domain would give (InvalidYenAmount …).
 */
import { isFiscalYear, isYenAmount } from '@kyoyaku/domain';
import { readFiscalYear } from '@kyoyaku/legal-text';
import { applyDecorators } from '@nestjs/common';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { ReadAs, unreadReason } from '../../http/validators';

function rule(
  name: string,
  message: string | ((args: ValidationArguments) => string),
  validate: (value: unknown, args: ValidationArguments) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate },
    });
}

/** Whole yen as digits: "1500000" (no sign, no decimals, no separators; may exceed 2^53). */
export const IsYenAmount = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'InvalidYenAmount',
    '$property must be whole yen written as a string of digits, e.g. "1500000" (no sign, no decimals, no separators)',
    (value) => isYenAmount(value),
    options,
  );

/**
 * 年度 as the year it starts in: an integer from 2014 (連携協約 exist since then), or as people write it
 * (令和8年度, 令和8, R8, 2026年度), read into that integer.
 */
export const IsFiscalYear = (options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(
    ReadAs(readFiscalYear),
    rule(
      'FiscalYearOutOfRange',
      (args) =>
        `${args.property} must be a fiscal year: an integer from 2014 to 9998 (2024 = 2024-04-01 to 2025-03-31) or 和暦 (令和6年度, R6)${unreadReason(readFiscalYear, args)}`,
      (value) => isFiscalYear(value),
      options,
    ),
  );

/** A population, usage figure or ratio weight: a non-negative integer written in digits. */
export const IsFigure = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'InvalidBasisFigure',
    '$property must be a non-negative integer written as a string of digits, e.g. "10430"',
    (value) => typeof value === 'string' && /^(0|[1-9][0-9]{0,29})$/.test(value),
    options,
  );

/** One of a closed set, reported under the domain rule's name. */
export const IsOneOf = (
  values: readonly string[],
  ruleName: string,
  options?: ValidationOptions,
): PropertyDecorator =>
  rule(
    ruleName,
    `$property must be one of ${values.join(', ')}`,
    (value) => typeof value === 'string' && values.includes(value),
    options,
  );

/** Present exactly when the basis has this kind (fixed → amounts, ratio → weights, formula → components). */
export const OnlyForKind = (kind: string, options?: ValidationOptions): PropertyDecorator =>
  rule(
    'basisFieldForKind',
    `$property is required when kind is ${kind}, and not allowed for another kind`,
    (value, args) => ((args.object as { kind?: unknown }).kind === kind) === (value !== undefined),
    options,
  );
