/**
 * Sending one recording form: the browser's checks first; then the POST with If-Match (the revision
 * the page read) and an Idempotency-Key (kept while the body stays the same); then the answer —
 * recorded, refused with errors placed next to the fields, or 412: someone else changed the
 * record (the agreement, the project, the consultation) meanwhile, which the form says plainly,
 * keeping what was typed. A write that creates a new record has no revision to match and sends no
 * If-Match; its Idempotency-Key still keeps a resend from recording twice.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiPost } from '../api/api-client';
import type { CommandResult } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import type { Checked } from '../lib/form-validation';
import { issuesByField } from '../lib/form-validation';
import { IdempotencyKeys } from '../lib/idempotency-keys';
import { type ProblemDocument, placeProblemErrors } from '../lib/problem';
import { randomKey } from '../lib/random-key';
import { useSession } from '../session';

/** What a form writes to, as its messages name it (the conflict, the revision recorded). */
export type RecordSubject = 'agreement' | 'project' | 'consultation' | 'doubt';

export interface RecordingState {
  subject: RecordSubject;
  /** Messages per request field. */
  errors: Record<string, string[]>;
  /** Messages for the form as a whole. */
  general: string[];
  /** Set on 412: the revision the form was filled against, and the agreement's revision now. */
  conflict: { read: string; current: string | null } | null;
  busy: boolean;
  recorded: CommandResult | null;
}

function idle(subject: RecordSubject): RecordingState {
  return { subject, errors: {}, general: [], conflict: null, busy: false, recorded: null };
}

export function useRecording({
  path,
  revision,
  fields,
  onRecorded,
  subject = 'agreement',
  explain,
}: {
  path: string;
  /** The ETag of the record as the page read it; null when the write creates a new record. */
  revision: string | null;
  /** The request fields the form has inputs for (to place the API's errors[]). */
  fields: readonly string[];
  onRecorded: (result: CommandResult) => void;
  subject?: RecordSubject;
  /** Tells a refusal in the user's words (by its code) instead of the API's status line and detail. */
  explain?: (problem: ProblemDocument) => string[];
}): { state: RecordingState; submit: <T>(checked: Checked<T>) => Promise<void> } {
  const { t } = useI18n();
  const { session } = useSession();
  const keys = useRef(new IdempotencyKeys(randomKey));
  const [state, setState] = useState<RecordingState>(() => idle(subject));

  // A re-read record (new revision) clears the conflict: the next send uses the new revision.
  useEffect(() => {
    setState((s) => (s.conflict === null ? s : { ...s, conflict: null }));
  }, [revision]);

  const submit = useCallback(
    async <T>(checked: Checked<T>) => {
      const IDLE = idle(subject);
      if (!checked.ok) {
        const errors: Record<string, string[]> = {};
        for (const [field, issues] of Object.entries(issuesByField(checked.issues))) {
          errors[field] = issues.map((issue) => t(issue.key, issue.params));
        }
        setState({ ...IDLE, errors, general: [t('form.fixErrors')] });
        return;
      }
      if (session === null) {
        setState({ ...IDLE, general: [t('form.signInFirst')] });
        return;
      }
      const key = keys.current.keyFor(`${path}\n${JSON.stringify(checked.body)}`);
      setState({ ...IDLE, busy: true });
      try {
        const response = await apiPost<CommandResult>(path, checked.body, {
          token: session.token,
          ifMatch: revision,
          idempotencyKey: key,
        });
        setState({ ...IDLE, recorded: response.data });
        onRecorded(response.data);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 412 && revision !== null) {
          setState({
            ...IDLE,
            conflict: { read: revision, current: error.problem.currentRevision ?? null },
          });
          return;
        }
        const placed = placeProblemErrors(error.problem, fields);
        const headline =
          error.status === 0
            ? t('common.networkError')
            : t('form.refused', { status: error.status, title: error.problem.title });
        const general = explain === undefined ? [headline, ...placed.general] : explain(error.problem);
        setState({ ...IDLE, errors: placed.byField, general });
      }
    },
    [explain, fields, onRecorded, path, revision, session, subject, t],
  );

  return { state, submit };
}
