/**
 * Sending one recording form: the browser's checks first; then the POST with If-Match (the revision
 * the page read) and an Idempotency-Key (kept while the body stays the same); then the answer —
 * recorded, refused with errors placed next to the fields, or 412: someone else changed the
 * record (the agreement, the project, the consultation) meanwhile, which the form says plainly,
 * keeping what was typed. A write that creates a new record has no revision to match and sends no
 * If-Match; its Idempotency-Key still keeps a resend from recording twice.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, apiPost } from '../api/api-client';
import type { CommandResult } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { problemMessage } from '../components/common.component';
import type { Checked, Issue } from '../lib/form-validation';
import { issuesByField } from '../lib/form-validation';
import { IdempotencyKeys } from '../lib/idempotency-keys';
import { type ProblemDocument, placeProblemErrors } from '../lib/problem';
import { randomKey } from '../lib/random-key';
import { useSession } from '../session';

/** What a form writes to, as its messages name it (the conflict, the revision recorded). */
export type RecordSubject = 'agreement' | 'project' | 'consultation' | 'doubt';

export interface RecordingState {
  subject: RecordSubject;
  /** Messages per request field, in the language shown now. */
  errors: Record<string, string[]>;
  /** Messages for the form as a whole. */
  general: string[];
  /** Set on 412: the revision the form was filled against, and the agreement's revision now. */
  conflict: { read: string; current: string | null } | null;
  busy: boolean;
  recorded: CommandResult | null;
  /** Counts refused sends: each one moves the focus to the first field in error. */
  refusals: number;
}

/**
 * What went wrong, kept as codes (the browser's issues, the API's problem document) and told in
 * words only when shown, so a message follows the language switch.
 */
interface Outcome {
  issues: Issue[];
  problem: ProblemDocument | null;
  signInFirst: boolean;
  conflict: { read: string; current: string | null } | null;
  busy: boolean;
  recorded: CommandResult | null;
  refusals: number;
}

const IDLE: Omit<Outcome, 'refusals'> = {
  issues: [],
  problem: null,
  signInFirst: false,
  conflict: null,
  busy: false,
  recorded: null,
};

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
  const [outcome, setOutcome] = useState<Outcome>({ ...IDLE, refusals: 0 });

  // A re-read record (new revision) clears the conflict: the next send uses the new revision.
  useEffect(() => {
    setOutcome((s) => (s.conflict === null ? s : { ...s, conflict: null }));
  }, [revision]);

  const submit = useCallback(
    async <T>(checked: Checked<T>) => {
      const refused = (o: Partial<Outcome>) =>
        setOutcome((s) => ({ ...IDLE, ...o, refusals: s.refusals + 1 }));
      if (!checked.ok) {
        refused({ issues: checked.issues });
        return;
      }
      if (session === null) {
        refused({ signInFirst: true });
        return;
      }
      const key = keys.current.keyFor(`${path}\n${JSON.stringify(checked.body)}`);
      setOutcome((s) => ({ ...IDLE, busy: true, refusals: s.refusals }));
      try {
        const response = await apiPost<CommandResult>(path, checked.body, {
          token: session.token,
          ifMatch: revision,
          idempotencyKey: key,
        });
        setOutcome((s) => ({ ...IDLE, recorded: response.data, refusals: s.refusals }));
        onRecorded(response.data);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 412 && revision !== null) {
          refused({ conflict: { read: revision, current: error.problem.currentRevision ?? null } });
          return;
        }
        refused({ problem: error.problem });
      }
    },
    [onRecorded, path, revision, session],
  );

  const state = useMemo<RecordingState>(() => {
    const errors: Record<string, string[]> = {};
    let general: string[] = [];
    if (outcome.issues.length > 0) {
      for (const [field, issues] of Object.entries(issuesByField(outcome.issues))) {
        errors[field] = issues.map((issue) => t(issue.key, issue.params));
      }
      general = [t('form.fixErrors')];
    } else if (outcome.signInFirst) {
      general = [t('form.signInFirst')];
    } else if (outcome.problem !== null) {
      const placed = placeProblemErrors(outcome.problem, fields);
      Object.assign(errors, placed.byField);
      general =
        explain === undefined
          ? [t('form.refused', { message: problemMessage(t, outcome.problem) }), ...placed.general]
          : explain(outcome.problem);
    }
    return {
      subject,
      errors,
      general,
      conflict: outcome.conflict,
      busy: outcome.busy,
      recorded: outcome.recorded,
      refusals: outcome.refusals,
    };
  }, [explain, fields, outcome, subject, t]);

  return { state, submit };
}
