import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedActor, Role } from '@kyoyaku/runtime';
import { addRouteConfig } from '../http/route-config';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';

export const ACCESS_POLICY = 'kyoyaku:access-policy';

export type AccessPolicy = { kind: 'read' } | { kind: 'probe' } | { kind: 'write'; roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's access policy, for the check made before the body is read (access-before-body.ts). */
    accessPolicy?: AccessPolicy;
  }
}

/**
 * Declares a route's policy once, in two places that cannot disagree: Nest's metadata (read by the
 * AccessGuard through the Reflector) and the Fastify route's config (read before the body is parsed,
 * when Nest's guards have not run yet). On a class, it is copied to every method without a policy of
 * its own — method decorators run before class decorators, so those are already set.
 */
function accessPolicy(policy: AccessPolicy): MethodDecorator & ClassDecorator {
  const metadata = SetMetadata(ACCESS_POLICY, policy);
  const routeConfig = addRouteConfig({ accessPolicy: policy });
  const onMethod: MethodDecorator = (target, key, descriptor) => {
    metadata(target, key, descriptor);
    routeConfig(target, key, descriptor);
  };
  const onClass: ClassDecorator = (target) => {
    metadata(target);
    const prototype = target.prototype as object;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      const method: unknown = descriptor?.value;
      if (descriptor === undefined || name === 'constructor' || typeof method !== 'function') continue;
      if (Reflect.getMetadata(ACCESS_POLICY, method) === undefined) routeConfig(prototype, name, descriptor);
    }
  };
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (key === undefined || descriptor === undefined) onClass(target as Parameters<ClassDecorator>[0]);
    else onMethod(target, key, descriptor);
  };
}

/** A read: open to anyone unless LEDGER_READ_ACCESS=token. */
export const ReadAccess = (): MethodDecorator & ClassDecorator => accessPolicy({ kind: 'read' });

/**
 * A probe of the process itself (alive, ready): open to whoever reaches the port, whatever
 * LEDGER_READ_ACCESS says, because a load balancer or an orchestrator has no token. It tells
 * nothing of the ledger's contents.
 */
export const ProbeAccess = (): MethodDecorator & ClassDecorator => accessPolicy({ kind: 'probe' });

/**
 * A write: a bearer token with one of these roles. Scope rules (a clerk's own municipality) are domain
 * rules. Writes, and only writes, pass through the IdempotencyInterceptor (Idempotency-Key): reads do
 * not pay for it.
 */
export const WriteAccess = (...roles: Role[]): MethodDecorator =>
  applyDecorators(accessPolicy({ kind: 'write', roles }), UseInterceptors(IdempotencyInterceptor));

export type RequestWithActor = FastifyRequest & { actor?: AuthenticatedActor };

/** The actor of the request, set by the AccessGuard; anonymous readers get a reader actor. */
export const CurrentActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedActor => {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    return request.actor ?? { id: 'anonymous', role: 'reader' };
  },
);

/** The authenticated actor of the request, or null for an anonymous one (visibility depends on it). */
export const OptionalActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedActor | null =>
    context.switchToHttp().getRequest<RequestWithActor>().actor ?? null,
);
