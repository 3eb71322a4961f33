import {
  CorruptEventError,
  IdempotencyKeyReusedError,
  InvalidEventError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@kyoyaku/event-store';
import { DOMAIN_ERROR_HTTP_STATUS, isDomainError } from '@kyoyaku/domain';
import { CheckpointBeforeKeyError, IntegrityFailingError, RevisionMismatchError } from '@kyoyaku/runtime';
import { STATUS_CODES } from 'node:http';
import { type ProblemDocument, problemType } from './problem';
import { AnswerNotSavedError } from '../idempotency/idempotency.interceptor';

function problem(
  status: number,
  code: string,
  detail: string,
  extra: Partial<ProblemDocument> = {},
): ProblemDocument {
  return { type: problemType(code), title: STATUS_CODES[status] ?? 'Error', status, code, detail, ...extra };
}

/** The members every problem document has, or may have, with their meaning in this API. */
const PROBLEM_MEMBERS: ReadonlySet<string> = new Set<keyof ProblemDocument>([
  'type',
  'title',
  'status',
  'detail',
  'code',
  'instance',
  'errors',
  'currentRevision',
  'rule',
  'position',
]);

/**
 * A domain error's details, as extension members of its problem document. A detail named like one
 * of the document's own members is left out: it must not change the status the client is answered
 * with, nor the type, title or errors it reads.
 */
function extensionMembers(details: Readonly<Record<string, string | number | boolean>>) {
  return Object.fromEntries(Object.entries(details).filter(([name]) => !PROBLEM_MEMBERS.has(name)));
}

/** Maps errors the application knows to problem documents; null for anything else. */
export function toProblem(error: unknown): ProblemDocument | null {
  if (isDomainError(error)) {
    const status = DOMAIN_ERROR_HTTP_STATUS[error.kind];
    return {
      ...problem(status, error.code, error.message, {
        rule: error.code,
        ...(error.field === undefined
          ? {}
          : { errors: [{ field: error.field, rule: error.code, message: error.message }] }),
      }),
      ...extensionMembers(error.details),
    };
  }
  if (error instanceof RevisionMismatchError) {
    const current = error.currentRevision;
    return problem(412, 'RevisionMismatch', error.message, {
      currentRevision: current === null ? null : current.toString(),
    });
  }
  if (error instanceof WrongExpectedRevisionError) {
    return problem(
      409,
      'ConcurrentModification',
      'Someone else changed this record since you read it. Read it again and retry.',
      { currentRevision: error.actual === null ? null : error.actual.toString() },
    );
  }
  if (error instanceof CorruptEventError) return corruptEventProblem(error);
  if (error instanceof IntegrityFailingError) {
    return problem(503, 'IntegrityFailing', error.message, {
      ...(error.state.position === undefined ? {} : { position: error.state.position }),
    });
  }
  if (error instanceof CheckpointBeforeKeyError) return problem(422, error.code, error.message);
  if (error instanceof StreamNotFoundError) return problem(404, 'NotFound', error.message);
  if (error instanceof IdempotencyKeyReusedError) {
    return problem(
      422,
      'IdempotencyKeyReused',
      'This Idempotency-Key was already used for a different request.',
    );
  }
  if (error instanceof InvalidEventError) return problem(422, 'InvalidEvent', error.message);
  if (error instanceof StoreUnavailableError) {
    return problem(
      503,
      'StoreUnavailable',
      `The ledger cannot record now${storageReason(error.cause)}; nothing was written. Retry later.`,
    );
  }
  // The storage failing under a write that reached SQLite outside the event store (the API state
  // file: the Idempotency-Key record, the dossier access log): the events may have been recorded
  // before it failed. (The read models failing after a command's append is no error: the command
  // answers its success with projected: false.)
  if (isStorageFailure(error) || error instanceof AnswerNotSavedError) {
    return problem(
      503,
      'StoreUnavailable',
      `The ledger's storage cannot be written now${storageReason(error)}. What you sent may have been ` +
        'recorded: read the record before retrying; a retry with the same Idempotency-Key is never recorded twice.',
    );
  }
  return null;
}

/**
 * A stored event that no longer reads as one: not the client's fault and not a crash either, so a
 * 503 naming the position (reads after it go on: `?after=<position>`), never a 500.
 */
export function corruptEventProblem(error: CorruptEventError): ProblemDocument {
  return problem(
    503,
    'LedgerCorrupted',
    `The stored event at position ${error.position} is corrupt (${error.reason}); the ledger must be ` +
      `restored from a backup. Events after it can still be read with after=${error.position}.`,
    { position: error.position.toString() },
  );
}

/** Seconds a client is asked to wait (Retry-After) when the storage cannot write. */
export const STORE_RETRY_AFTER_SECONDS = 10;

/** SQLite result codes (better-sqlite3 puts them in `code`) that mean the storage cannot write now. */
const STORAGE_FAILURE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED)(_[A-Z_]+)?$/;

function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && STORAGE_FAILURE.test(code) ? code : null;
}

/** Duck-typed: SqliteError may come from another module registry, where instanceof fails. */
function isStorageFailure(error: unknown): boolean {
  return sqliteCode(error) !== null;
}

/** Why, in the client's words (never a path or a driver message). */
function storageReason(cause: unknown): string {
  const code = sqliteCode(cause) ?? '';
  if (code.startsWith('SQLITE_FULL')) return ' (the disk is full)';
  if (code.startsWith('SQLITE_READONLY')) return ' (the data folder is read-only)';
  if (code.startsWith('SQLITE_IOERR')) return ' (the disk reports an error; it may be read-only or failing)';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return ' (the database is locked by another process)';
  }
  return '';
}
