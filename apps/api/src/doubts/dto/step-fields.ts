import { registerDecorator, ValidateIf, type ValidationArguments } from 'class-validator';

/**
 * Bodies that carry one of several shapes, chosen by a discriminator (`step`, `kind`): a field of one
 * shape is required with it and refused with the others, and is validated only when it matters.
 */
function belongsTo(discriminator: string, values: readonly string[]): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'belongsTo',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} is only for ${discriminator} ${values.join(' or ')}; remove it`,
      },
      validator: {
        validate: (_value: unknown, args: ValidationArguments) =>
          values.includes(String((args.object as Record<string, unknown>)[discriminator])),
      },
    });
}

function present(object: object, property: string): boolean {
  return (object as Record<string, unknown>)[property] !== undefined;
}

/** Required when `discriminator` is one of `values`; refused otherwise. */
export function RequiredFor(discriminator: string, ...values: string[]): PropertyDecorator {
  return (target, propertyName) => {
    const property = String(propertyName);
    ValidateIf(
      (o: object) =>
        values.includes(String((o as Record<string, unknown>)[discriminator])) || present(o, property),
    )(target, propertyName);
    belongsTo(discriminator, values)(target, propertyName);
  };
}

/** Optional when `discriminator` is one of `values`; refused otherwise. */
export function OptionalFor(discriminator: string, ...values: string[]): PropertyDecorator {
  return (target, propertyName) => {
    const property = String(propertyName);
    ValidateIf((o: object) => present(o, property))(target, propertyName);
    belongsTo(discriminator, values)(target, propertyName);
  };
}
