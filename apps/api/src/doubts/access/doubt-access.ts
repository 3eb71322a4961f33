import { type DoubtParties, EVENT_VISIBILITY, mayReadEvent, roleName } from '@kyoyaku/domain';
import type { AuthenticatedActor } from '@kyoyaku/runtime';
import { ProblemException } from '../../http/problem';

/**
 * Doubts and dispute dossiers are not public documents, whatever LEDGER_READ_ACCESS says: they are
 * read by whoever may read the doubt's events (party-only: the two parties' clerks, the secretariat
 * and admins), by the same rule as the feed, the stream and the export. The refusals are worded in
 * Japanese with the roles as the web application labels them: the web shows a refusal's detail.
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
      detail: `この疑義を読めるのは当事者（${parties.core.name}、${parties.partner.name}）の担当職員、事務局及び管理者です（この担当職員の団体: ${actor.municipalityCode === undefined ? 'なし' : `団体コード ${actor.municipalityCode}`}）。`,
    });
  }
  return new ProblemException({
    status: 403,
    title: 'Forbidden',
    code: 'DoubtAccessRestricted',
    detail: `疑義と紛争記録を読めるのは当事者の担当職員、事務局及び管理者です（${roleName(actor.role)}のトークンでは読めません）。`,
  });
}

/** The answer to an anonymous caller: doubts are never public. */
export function anonymousDoubtRefusal(): ProblemException {
  return new ProblemException({
    status: 401,
    title: 'Unauthorized',
    code: 'Unauthorized',
    detail:
      '疑義と紛争記録は公開されていません。当事者の担当職員、事務局又は管理者のトークンで読んでください。',
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
    detail: '紛争記録の閲覧の記録を読めるのは管理者だけです。',
  });
}
