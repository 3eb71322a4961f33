import { type DoubtParties, EVENT_VISIBILITY, mayReadEvent } from '@kyoyaku/domain';
import type { AuthenticatedActor } from '@kyoyaku/runtime';
import { ProblemException } from '../../http/problem';

/**
 * Doubts and dispute dossiers are not public documents, whatever LEDGER_READ_ACCESS says: they are
 * read by whoever may read the doubt's events (party-only: the two parties' clerks, the secretariat
 * and admins), by the same rule as the feed, the stream and the export.
 */
export function doubtReadRefusal(
  actor: AuthenticatedActor | null,
  parties: DoubtParties,
): ProblemException | null {
  if (actor === null) return anonymousDoubtRefusal();
  if (mayReadEvent(actor, EVENT_VISIBILITY.DoubtRaised, [parties.core.code, parties.partner.code])) {
    return null;
  }
  if (actor.role === 'clerk') {
    return new ProblemException({
      status: 403,
      title: 'Forbidden',
      code: 'DoubtAccessRestricted',
      detail: `Only clerks of the parties (${parties.core.name} ${parties.core.code}, ${parties.partner.name} ${parties.partner.code}), the secretariat and admins read this doubt; this clerk is of ${actor.municipalityCode ?? 'no municipality'}.`,
    });
  }
  return new ProblemException({
    status: 403,
    title: 'Forbidden',
    code: 'DoubtAccessRestricted',
    detail: `Doubts and dispute dossiers are read only by clerks of the parties, the secretariat and admins; a ${actor.role} token does not open them.`,
  });
}

/** The answer to an anonymous caller: doubts are never public. */
export function anonymousDoubtRefusal(): ProblemException {
  return new ProblemException({
    status: 401,
    title: 'Unauthorized',
    code: 'Unauthorized',
    detail:
      'Doubts and dispute dossiers are not public: send the bearer token of a clerk of one of the parties, of the secretariat or of an admin.',
  });
}

export function assertMayReadDoubt(actor: AuthenticatedActor | null, parties: DoubtParties): void {
  const refusal = doubtReadRefusal(actor, parties);
  if (refusal !== null) throw refusal;
}

/** The access log is read by admins only. */
export function assertAdmin(actor: AuthenticatedActor | null): void {
  if (actor?.role === 'admin') return;
  throw new ProblemException({
    status: actor === null ? 401 : 403,
    title: actor === null ? 'Unauthorized' : 'Forbidden',
    code: actor === null ? 'Unauthorized' : 'RoleNotAllowed',
    detail: 'The dossier access log is read by admins only (an admin bearer token).',
  });
}
