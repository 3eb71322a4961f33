import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleNotAllowedMessage } from '@kyoyaku/domain';
import {
  LEDGER_CONFIG,
  type LedgerConfig,
  type AccessTokenRecord,
  AccessTokenRepository,
} from '@kyoyaku/runtime';
import { ProblemException } from '../http/problem';
import { ACCESS_POLICY, type AccessPolicy, type RequestWithActor } from './access.decorators';

/**
 * Applies the route's access policy. Every route must declare one (ReadAccess or WriteAccess);
 * a route without a policy is refused, so a forgotten decorator cannot open a write. The same
 * decision is made first before the body is read (access-before-body.ts); this is the second line.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenRepository,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    await admitRequest(
      policy,
      context.switchToHttp().getRequest<RequestWithActor>(),
      this.tokens,
      this.config,
    );
    return true;
  }
}

/** Who a request's token is, once per request: the check before the body and the guard share it. */
const authenticated = new WeakMap<RequestWithActor, AccessTokenRecord | null>();

/**
 * The one access decision: sets the request's actor, or throws the 400/401/403 problem. Made before
 * the body is read (from the Fastify route's config) and again by the AccessGuard (from Nest's
 * metadata); both read the policy of the same decorator, so the answers are the same.
 */
export async function admitRequest(
  policy: AccessPolicy | undefined,
  request: RequestWithActor,
  tokens: AccessTokenRepository,
  config: LedgerConfig,
): Promise<void> {
  let record = authenticated.get(request);
  if (record === undefined) {
    record = await authenticate(request, tokens);
    authenticated.set(request, record);
  }
  if (record !== null) {
    request.actor = {
      id: record.id,
      role: record.role,
      ...(record.municipalityCode === null ? {} : { municipalityCode: record.municipalityCode }),
    };
  }
  if (policy === undefined) {
    throw new ProblemException({
      status: 403,
      title: 'Forbidden',
      code: 'NoAccessPolicy',
      detail: 'This route is closed.',
    });
  }
  if (policy.kind === 'probe') return;
  if (policy.kind === 'read') {
    if (config.readAccess === 'open' || record !== null) return;
    throw unauthorized('Reading requires a bearer token on this server (LEDGER_READ_ACCESS=token).');
  }
  if (record === null)
    throw unauthorized('Recording requires a bearer token (Authorization: Bearer <token>).');
  if (!policy.roles.includes(record.role)) {
    throw new ProblemException({
      status: 403,
      title: 'Forbidden',
      code: 'RoleNotAllowed',
      // In the words of the web application's role labels: the web shows a refusal's detail.
      detail: roleNotAllowedMessage(record.role, policy.roles),
    });
  }
}

async function authenticate(
  request: RequestWithActor,
  tokens: AccessTokenRepository,
): Promise<AccessTokenRecord | null> {
  // Node keeps the first of several Authorization headers and drops the others: which one a proxy
  // or the client meant cannot be told, so two are refused (the raw headers still show them).
  const headerLines = request.raw.rawHeaders.filter(
    (name, i) => i % 2 === 0 && name.toLowerCase() === 'authorization',
  ).length;
  if (headerLines > 1) {
    throw new ProblemException({
      status: 400,
      title: 'Bad Request',
      code: 'DuplicateAuthorization',
      detail: `The request has ${headerLines} Authorization headers; send one Authorization header: "Bearer <token>".`,
      errors: [{ field: 'Authorization', rule: 'single', message: 'one Authorization header' }],
    });
  }
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const token = bearerToken(header);
  if (token === undefined) throw unauthorized('The Authorization header must be "Bearer <token>".');
  const record = await tokens.authenticate(token);
  if (record === null) throw unauthorized('The bearer token is unknown or revoked.');
  return record;
}

/**
 * The token of an Authorization header `Bearer <token>`, or undefined if it has another form: RFC 6750
 * §2.1, `"Bearer" 1*SP b64token` with b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" )
 * *"=" — one or more spaces (not tabs) before the token. The scheme is case-insensitive (RFC 9110
 * §11.1); the token is not.
 */
export function bearerToken(header: string): string | undefined {
  return /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header)?.[1];
}

function unauthorized(detail: string): ProblemException {
  return new ProblemException({
    status: 401,
    title: 'Unauthorized',
    code: 'Unauthorized',
    detail,
  });
}
