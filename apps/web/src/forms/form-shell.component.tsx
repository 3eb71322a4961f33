/**
 * The frame of a recording form: its heading, what went wrong (as an alert, read out at once),
 * the conflict message with a way to re-read the record, the confirmation, and the send button.
 */
import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import type { RecordingState } from './use-recording';

export function FormShell({
  id,
  title,
  state,
  onSubmit,
  onReload,
  submitLabel,
  children,
}: {
  id: string;
  title: string;
  state: RecordingState;
  onSubmit: () => void;
  /** Re-reads the record (after a conflict). */
  onReload: () => void;
  submitLabel: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const subject = t(`subject.${state.subject}`);
  const form = useRef<HTMLFormElement>(null);
  // After a refused send, the focus goes to the first field in error (else to the message), not
  // left on the send button.
  useEffect(() => {
    if (state.refusals === 0 || form.current === null) return;
    const target =
      form.current.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current.querySelector<HTMLElement>('[role="alert"]');
    if (target === null) return;
    if (target.tabIndex < 0 && target.getAttribute('role') === 'alert') target.tabIndex = -1;
    target.focus();
  }, [state.refusals]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form
      ref={form}
      id={id}
      className="form recording-form"
      noValidate
      onSubmit={submit}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>{title}</h3>
      {state.conflict === null ? null : (
        <div className="alert alert-conflict" role="alert">
          <p className="alert-lead">{t('form.conflictTitle', { subject })}</p>
          <p>
            {t('form.conflict', {
              subject,
              read: state.conflict.read,
              current: state.conflict.current ?? '—',
            })}
          </p>
          <button type="button" onClick={onReload}>
            {t('form.reload')}
          </button>
        </div>
      )}
      {state.general.length === 0 ? null : (
        <div className="alert alert-error" role="alert">
          {state.general.map((message, index) => (
            <p key={index} className={index === 0 ? 'alert-lead' : undefined}>
              {message}
            </p>
          ))}
        </div>
      )}
      {state.recorded === null ? null : (
        <div className="alert alert-success" role="status">
          <p>{t('form.recorded')}</p>
          {/* Where the fact stands in the ledger matters to an auditor, not to the clerk. */}
          <details>
            <summary>{t('form.details')}</summary>
            <p>
              {t('form.recordedDetails', {
                subject,
                position: state.recorded.position,
                revision: state.recorded.revision,
              })}
            </p>
          </details>
        </div>
      )}
      {children}
      <button type="submit" className="primary" disabled={state.busy} aria-disabled={state.busy}>
        {state.busy ? t('form.sending') : submitLabel}
      </button>
    </form>
  );
}
