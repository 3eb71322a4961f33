import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, ProblemException } from './problem';
import { REFERENCE_NAMES_NOTHING } from './validators';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const constraints = error.constraints ?? {};
    // A reference that names nothing (第0条) also fails its field's form rules only because it could
    // not be read into the form; the one thing to say is that it names nothing.
    const namesNothing = constraints[REFERENCE_NAMES_NOTHING];
    const broken = namesNothing === undefined ? constraints : { [REFERENCE_NAMES_NOTHING]: namesNothing };
    const own = Object.entries(broken).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message:
        rule === 'whitelistValidation' ? `${field} is not a field of this request; remove it.` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Bad input as problem+json: 422 when all that is wrong is a reference naming nothing, else 400. */
export function validationProblem(errors: readonly ValidationError[]): ProblemException {
  const fields = flatten(errors);
  if (fields.length > 0 && fields.every((f) => f.rule === REFERENCE_NAMES_NOTHING)) {
    return new ProblemException({
      status: 422,
      title: 'Unprocessable Content',
      code: 'ReferenceNamesNothing',
      detail:
        'A reference in the request names no provision (条・項・号 are numbered from 1, 枝番号 from 2); errors[] names it. Nothing was recorded.',
      errors: fields,
    });
  }
  return new ProblemException({
    status: 400,
    title: 'Bad Request',
    code: 'ValidationFailed',
    detail: 'The request does not meet the rules listed in errors[]; nothing was recorded.',
    errors: fields,
  });
}

/**
 * The pipe of DESIGN.md §8: whitelist, refuse unknown fields, transform; errors as problem+json. It
 * validates bodies; path and query parameters go through their compiled validators (ParametersPipe).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: validationProblem,
  });
}
