import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedActor, Role } from '@kyoyaku/runtime';

export const ACCESS_POLICY = 'kyoyaku:access-policy';

export type AccessPolicy = { kind: 'read' } | { kind: 'probe' } | { kind: 'write'; roles: readonly Role[] };

/** A read: open to anyone unless LEDGER_READ_ACCESS=token. */
export const ReadAccess = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_POLICY, { kind: 'read' } satisfies AccessPolicy);

/**
 * A probe of the process itself (alive, ready): open to whoever reaches the port, whatever
 * LEDGER_READ_ACCESS says, because a load balancer or an orchestrator has no token. It tells
 * nothing of the ledger's contents.
 */
export const ProbeAccess = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_POLICY, { kind: 'probe' } satisfies AccessPolicy);

/** A write: a bearer token with one of these roles. Scope rules (a clerk's own municipality) are domain rules. */
export const WriteAccess = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_POLICY, { kind: 'write', roles } satisfies AccessPolicy);

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
