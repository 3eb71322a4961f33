/**
 * Sending one recording form: the browser's checks first; then the POST with If-Match (the revision
 * the page read) and an Idempotency-Key (kept while the body stays the same); then the answer —
 * recorded, refused with errors placed next to the fields, or 412: someone else changed the
 * agreement meanwhile, which the form says plainly, keeping what was typed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiPost } from '../api/api-client';
import type { CommandResult } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import type { Checked } from '../lib/form-validation';
import { issuesByField } from '../lib/form-validation';
import { IdempotencyKeys } from '../lib/idempotency-keys';
import { placeProblemErrors } from '../lib/problem';
import { randomKey } from '../lib/random-key';
import { useSession } from '../session';

export interface RecordingState {
  /** Messages per request field. */
  errors: Record<string, string[]>;
  /** Messages for the form as a whole. */
  general: string[];
  /** Set on 412: the revision the form was filled against, and the agreement's revision now. */
  conflict: { read: string; current: string | null } | null;
  busy: boolean;
  recorded: CommandResult | null;
}

const IDLE: RecordingState = { errors: {}, general: [], conflict: null, busy: false, recorded: null };

export function useRecording({
  path,
  revision,
  fields,
  onRecorded,
}: {
  path: string;
  /** The ETag of the agreement as the page read it. */
  revision: string;
  /** The request fields the form has inputs for (to place the API's errors[]). */
  fields: readonly string[];
  onRecorded: (result: CommandResult) => void;
}): { state: RecordingState; submit: <T>(checked: Checked<T>) => Promise<void> } {
  const { t } = useI18n();
  const { session } = useSession();
  const keys = useRef(new IdempotencyKeys(randomKey));
  const [state, setState] = useState<RecordingState>(IDLE);

  // A re-read agreement (new revision) clears the conflict: the next send uses the new revision.
  useEffect(() => {
    setState((s) => (s.conflict === null ? s : { ...s, conflict: null }));
  }, [revision]);

  const submit = useCallback(
    async <T>(checked: Checked<T>) => {
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
        if (error.status === 412) {
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
        setState({ ...IDLE, errors: placed.byField, general: [headline, ...placed.general] });
      }
    },
    [fields, onRecorded, path, revision, session, t],
  );

  return { state, submit };
}
