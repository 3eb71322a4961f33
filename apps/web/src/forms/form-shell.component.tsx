/**
 * The frame of a recording form: its heading, what went wrong (as an alert, read out at once),
 * the conflict message with a way to re-read the record, the confirmation, and the send button.
 */
import type { FormEvent, ReactNode } from 'react';
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form
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
        <p className="alert alert-success" role="status">
          {t('form.recorded', {
            subject,
            position: state.recorded.position,
            revision: state.recorded.revision,
          })}
        </p>
      )}
      {children}
      <button type="submit" className="primary" disabled={state.busy} aria-disabled={state.busy}>
        {state.busy ? t('form.sending') : submitLabel}
      </button>
    </form>
  );
}
