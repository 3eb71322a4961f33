import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, ProblemException } from './problem';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message:
        rule === 'whitelistValidation' ? `${field} is not a field of this request; remove it.` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The global pipe of DESIGN.md §8: whitelist, refuse unknown fields, transform; errors as problem+json. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) =>
      new ProblemException({
        status: 400,
        title: 'Bad Request',
        code: 'ValidationFailed',
        detail: 'The request does not meet the rules listed in errors[]; nothing was recorded.',
        errors: flatten(errors),
      }),
  });
}
