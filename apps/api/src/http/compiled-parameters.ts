// The types of two modules imported below from the packages' cjs/ folders (not every build config
// includes this folder's .d.ts files, so it is referenced here).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./class-metadata.d.ts" />
import type {
  ArgumentMetadata,
  INestApplicationContext,
  PipeTransform,
  ValidationPipe,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import {
  getMetadataStorage,
  ValidationError,
  ValidationTypes,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { ValidationUtils } from 'class-validator/cjs/validation/ValidationUtils';
import { ProblemException } from './problem';
import { validationProblem } from './validation';

type Constructor = new () => object;
type Transform = (params: {
  value: unknown;
  key: string;
  obj: Record<string, unknown>;
  type: TransformationType;
  options: object;
}) => unknown;

interface Check {
  metadata: ValidationMetadata;
  name: string;
  instance: ValidatorConstraintInterface;
}

/** One property of a parameter class, as its decorators declare it. */
interface Property {
  name: string;
  /** @Type(() => Number) and the like: the conversion class-transformer applies first. */
  convert: ((value: unknown) => unknown) | undefined;
  /** @Transform functions, in class-transformer's order. */
  transforms: Transform[];
  /** @IsOptional and @ValidateIf: the rules apply only when all of these hold. */
  conditions: ((object: object, value: unknown) => boolean)[];
  /** @IsDefined first, then the other rules, in class-validator's order. */
  checks: Check[];
}

/** Path or query parameters read into their class, or what was wrong with them. */
export type ParametersResult = { ok: true; value: object } | { ok: false; errors: ValidationError[] };

/**
 * Validates path or query parameters as the global ValidationPipe would — the same class-transformer
 * conversions, the same class-validator rules and messages, unknown parameters refused the same way —
 * from the parameter class's decorators read once, without class-transformer's and class-validator's
 * per-request walk over their metadata. The DTO stays the one place a parameter's rules are written
 * (and OpenAPI reads them there); only the work per request changes. Input that is not strings or
 * arrays of strings (Fastify gives nothing else) answers undefined: the ValidationPipe's to handle.
 */
export type CompiledParameters = (input: unknown) => ParametersResult | undefined;

const PRIMITIVE_CONVERSIONS = new Map<unknown, (value: unknown) => unknown>([
  [Number, Number],
  [String, String],
  [Boolean, Boolean],
]);

/** class-transformer's conversion of a plain value to a primitive type: arrays element by element. */
function converter(to: (value: unknown) => unknown): (value: unknown) => unknown {
  const convert = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(convert) : value === null || value === undefined ? value : to(value);
  return convert;
}

/**
 * Reads a parameter class's decorators into checks run per request, or says why it cannot (a rule
 * this compiler does not reproduce exactly: nested objects, `each`, async rules, exposure groups) —
 * such a class stays with the ValidationPipe.
 */
export function compileParameters(metatype: Constructor): CompiledParameters | string {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(metatype, '', false, false);
  if (metadatas.length === 0) return 'no validation rules (the pipe answers unknownValue)';
  if (defaultMetadataStorage.getStrategy(metatype) !== 'none') return 'an @Expose/@Exclude strategy';
  if (defaultMetadataStorage.getExposedMetadatas(metatype).length > 0) return '@Expose on a property';
  if (defaultMetadataStorage.getExcludedMetadatas(metatype).length > 0) return '@Exclude on a property';

  const properties: Property[] = [];
  for (const [name, own] of Object.entries(storage.groupByPropertyName(metadatas))) {
    const property: Property = { name, convert: undefined, transforms: [], conditions: [], checks: [] };
    const type = defaultMetadataStorage.findTypeMetadata(metatype, name);
    if (type !== undefined) {
      if (type.options.discriminator !== undefined) return `${name}: a @Type discriminator`;
      const to = PRIMITIVE_CONVERSIONS.get(type.typeFunction());
      if (to === undefined) return `${name}: @Type of a class`;
      property.convert = converter(to);
    }
    property.transforms = defaultMetadataStorage
      .findTransformMetadatas(metatype, name, TransformationType.PLAIN_TO_CLASS)
      .filter((t) => t.options.groups === undefined || t.options.groups.length === 0)
      .map((t) => t.transformFn as Transform);
    const defined: Check[] = [];
    for (const metadata of own) {
      if (metadata.each) return `${name}: a rule with each`;
      switch (metadata.type) {
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.CONDITIONAL_VALIDATION:
          property.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
          break;
        case ValidationTypes.IS_DEFINED:
        case ValidationTypes.CUSTOM_VALIDATION:
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
            if (constraint.async) return `${name}: an async rule`;
            const check = { metadata, name: constraint.name, instance: constraint.instance };
            (metadata.type === ValidationTypes.IS_DEFINED ? defined : property.checks).push(check);
          }
          break;
        default:
          return `${name}: a ${metadata.type} rule`;
      }
    }
    property.checks = [...defined, ...property.checks];
    properties.push(property);
  }
  const known = new Map(properties.map((p) => [p.name, p]));
  const prototype = metatype.prototype as object;

  return (input) => {
    const plain = (input ?? {}) as Record<string, unknown>;
    if (typeof plain !== 'object' || Array.isArray(plain)) return undefined;
    const entity = new metatype() as Record<string, unknown>;
    for (const key of Object.keys(plain)) {
      const raw = plain[key];
      if (typeof raw !== 'string' && !(Array.isArray(raw) && raw.every((r) => typeof r === 'string'))) {
        return undefined;
      }
      // As class-transformer: a key naming the prototype or a method of the class is not copied.
      if (key === '__proto__' || key === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
      if ((descriptor !== undefined && descriptor.set === undefined) || entity[key] instanceof Function)
        continue;
      const property = known.get(key);
      let value: unknown =
        property?.convert === undefined ? (Array.isArray(raw) ? [...raw] : raw) : property.convert(raw);
      for (const transform of property?.transforms ?? []) {
        value = transform({ value, key, obj: plain, type: TransformationType.PLAIN_TO_CLASS, options: {} });
      }
      if (value !== undefined) entity[key] = value;
    }
    return validate(entity, properties, known);
  };
}

/** class-validator's ValidationExecutor with the ValidationPipe's options, over precomputed rules. */
function validate(
  entity: Record<string, unknown>,
  properties: readonly Property[],
  known: ReadonlyMap<string, Property>,
): ParametersResult {
  const errors: ValidationError[] = [];
  for (const key of Object.keys(entity)) {
    if (known.has(key)) continue;
    errors.push(
      validationError(key, entity[key], { whitelistValidation: `property ${key} should not exist` }),
    );
  }
  const targetName = entity.constructor.name;
  for (const property of properties) {
    const value = entity[property.name];
    if (!property.conditions.every((holds) => holds(entity, value))) continue;
    const constraints: Record<string, string> = {};
    for (const { metadata, name, instance } of property.checks) {
      if (metadata.validateIf !== undefined && !metadata.validateIf(entity, value)) continue;
      const args: ValidationArguments = {
        targetName,
        property: metadata.propertyName,
        object: entity,
        value,
        constraints: metadata.constraints,
      };
      if (instance.validate(value, args) === true) continue;
      const message =
        metadata.message !== undefined && metadata.message !== ''
          ? metadata.message
          : (instance.defaultMessage?.(args) ?? '');
      constraints[name] = ValidationUtils.replaceMessageSpecialTokens(message, args);
    }
    if (Object.keys(constraints).length > 0) errors.push(validationError(property.name, value, constraints));
  }
  return errors.length === 0 ? { ok: true, value: entity } : { ok: false, errors };
}

function validationError(
  property: string,
  value: unknown,
  constraints: Record<string, string>,
): ValidationError {
  const error = new ValidationError();
  error.property = property;
  error.value = value;
  error.constraints = constraints;
  error.children = [];
  return error;
}

/**
 * The global pipe: path and query parameters of a DTO class go through their compiled validator,
 * everything else (bodies, primitive parameters, a class the compiler refuses) through the
 * ValidationPipe. Both answer bad input with the same problem+json (validationProblem).
 */
export class ParametersPipe implements PipeTransform {
  private readonly compiled = new Map<unknown, CompiledParameters | null>();

  /** `classes`, the parameter classes of the app's routes, are compiled now, at start. */
  constructor(
    private readonly validationPipe: ValidationPipe,
    classes: Iterable<Constructor> = [],
  ) {
    for (const metatype of classes) this.compile(metatype);
  }

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'query') refuseRepeatedParameters(value);
    const compiled = this.compiledFor(metadata);
    const result = compiled?.(value);
    if (result === undefined) return this.validationPipe.transform(value, metadata);
    if (!result.ok) throw validationProblem(result.errors);
    return result.value;
  }

  private compiledFor({ type, metatype }: ArgumentMetadata): CompiledParameters | null {
    if ((type !== 'query' && type !== 'param') || !isParameterClass(metatype)) return null;
    return this.compiled.get(metatype) ?? this.compile(metatype);
  }

  private compile(metatype: Constructor): CompiledParameters | null {
    const result = compileParameters(metatype);
    const compiled = typeof result === 'string' ? null : result;
    this.compiled.set(metatype, compiled);
    return compiled;
  }
}

/**
 * A query parameter given more than once (?asOf=…&asOf=…) reaches the pipe as an array of its values.
 * No parameter of this API takes several, and which one the client meant cannot be told: it is
 * refused by name, before the parameter's own rules would misname the fault ("must be a calendar date").
 */
function refuseRepeatedParameters(query: unknown): void {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) return;
  const repeated = Object.entries(query as Record<string, unknown>).filter(
    (entry): entry is [string, unknown[]] => Array.isArray(entry[1]),
  );
  if (repeated.length === 0) return;
  const names = repeated.map(([name]) => name);
  throw new ProblemException({
    status: 400,
    title: 'Bad Request',
    code: 'ValidationFailed',
    detail: `The query gives ${names.join(', ')} more than once; each query parameter may be given once. Nothing was recorded.`,
    errors: repeated.map(([field, values]) => ({
      field,
      rule: 'repeatedParameter',
      message: `${field} was given ${values.length} times; give it once.`,
    })),
  });
}

/** A class of parameters, not a primitive type the ValidationPipe converts (@Param('id') id: number). */
export function isParameterClass(metatype: unknown): metatype is Constructor {
  return (
    typeof metatype === 'function' &&
    ![String, Boolean, Number, Array, Object, Buffer, Date].some((t) => t === metatype)
  );
}

/** The classes the routes of `controllers` take their path or query parameters as. */
export function parameterClassesOf(controllers: Iterable<unknown>): Set<Constructor> {
  const found = new Set<Constructor>();
  for (const controller of controllers) {
    if (typeof controller !== 'function') continue;
    const prototype = controller.prototype as object;
    for (const method of Object.getOwnPropertyNames(prototype)) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as object;
      const types = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
      for (const key of Object.keys(args)) {
        // Keys are `${RouteParamtypes}:${index}` (@nestjs/common's assignMetadata).
        const [type, index] = key.split(':').map(Number);
        const metatype = types[index ?? -1];
        const parameters = type === RouteParamtypes.QUERY || type === RouteParamtypes.PARAM;
        if (parameters && isParameterClass(metatype)) found.add(metatype);
      }
    }
  }
  return found;
}

/** The controller classes of a Nest application, as its modules declare them. */
export function controllerClasses(app: INestApplicationContext): unknown[] {
  return [...app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype),
  );
}
