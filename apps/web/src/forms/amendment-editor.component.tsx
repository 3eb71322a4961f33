/**
 * 変更案の作成, draft first: the officer edits the text being amended where it stands
 * (or pastes a 改め文) and states a planned 施行日; beside it — below on a narrow screen — the
 * 新旧対照表（案） (unchanged provisions as 「（略）」, as it goes to the council) and the 改め文（案）
 * follow from POST …/drafts/preview, 600 ms after typing stops or
 * at once with 「プレビューを更新」, and can be printed or saved as DOCX. Nothing is written until
 * 「変更の手続を開始する」 has shown what will be recorded and the officer confirms it; then
 * POST …/proceedings takes the same statement, with If-Match and an Idempotency-Key.
 * The operation-by-operation form stays available as 「詳細（操作を指定）」.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiPostQuery } from '../api/api-client';
import type { AgreementSummary, CommandResult, DraftPreview, DraftBase } from '../api/api-types';
import { useApi, useVersions } from '../api/use-api';
import { DateText, Loading, ProblemAlert } from '../components/common.component';
import { ComparisonTable } from '../components/comparison-table.component';
import { DownloadButton, OpenButton } from '../components/download-button.component';
import { DraftProblem, useDraftMessage } from '../components/draft-problem.component';
import { useI18n } from '../i18n/i18n';
import { withWareki } from '../lib/dates';
import { DOCX } from '../lib/download';
import {
  checkDraft,
  checkOpening,
  type DraftMode,
  type DraftStatement,
  type DraftValues,
  draftProblemMessages,
  type OpenAmendmentBody,
  effectiveDateSentence,
  readPlannedDate,
} from '../lib/draft';
import { issuesByField } from '../lib/form-validation';
import type { ProblemDocument } from '../lib/problem';
import { useSession } from '../session';
import { AmendmentForm } from './amendment-form.component';
import { DateField, TextField } from './form-fields.component';
import { FormShell } from './form-shell.component';
import { useRecording } from './use-recording';

/** How long typing must pause before the preview is asked for. */
const DEBOUNCE_MS = 600;

type EditorMode = DraftMode | 'operations';

interface Props {
  agreement: AgreementSummary;
  revision: string;
  /**
   * A revised draft (修正案, e.g. 第2案 after a 否決) of this pending amendment, recorded with
   * POST …/drafts; without it, a new amendment proceeding.
   */
  revise?: { proceedingId: string; draftNumber: number };
  onRecorded: (result: CommandResult) => void;
  onReload: () => void;
}

export function AmendmentEditor(props: Props) {
  const { t } = useI18n();
  const { agreementId } = props.agreement;
  const [mode, setMode] = useState<EditorMode>('text');
  // The text amended is the last version in 施行日 order (the base a new amendment takes), which
  // may not be in force yet: the API names it, and the preview and the command amend that one.
  const baseText = useApi<DraftBase>(`/agreements/${agreementId}/drafts/base`);
  // The 沿革's name of that version, and the server's today (the default date of the 案).
  const versions = useVersions(agreementId);
  const modes: { value: EditorMode; label: string }[] = [
    { value: 'text', label: t('draft.modeText') },
    { value: 'amendingText', label: t('draft.modeAmendingText') },
    // The operation-by-operation form opens proceedings only.
    ...(props.revise === undefined
      ? [{ value: 'operations' as const, label: t('draft.modeOperations') }]
      : []),
  ];
  const loadError =
    versions.state === 'error' ? versions.error : baseText.state === 'error' ? baseText.error : null;
  return (
    <div className="amendment-editor">
      <fieldset className="draft-mode">
        <legend>{t('draft.how')}</legend>
        {modes.map((m) => (
          <label key={m.value} className="choice">
            <input
              type="radio"
              name="draft-mode"
              value={m.value}
              checked={mode === m.value}
              onChange={() => setMode(m.value)}
            />
            {m.label}
          </label>
        ))}
      </fieldset>
      {mode === 'operations' ? <AmendmentForm {...props} /> : null}
      {loadError !== null ? <ProblemAlert error={loadError} /> : null}
      {loadError === null && (baseText.state !== 'ok' || versions.state !== 'ok') ? <Loading /> : null}
      {baseText.state === 'ok' && versions.state === 'ok' ? (
        // Kept while the operations form is shown, so that switching back keeps what was typed.
        <div hidden={mode === 'operations'}>
          <DraftEditor
            key={baseText.data.versionNumber}
            {...props}
            mode={mode === 'operations' ? 'text' : mode}
            base={baseText.data}
            baseLabel={
              versions.data.versions.find((v) => v.number === baseText.data.versionNumber)?.label ??
              t('draft.oldColumn', { n: baseText.data.versionNumber })
            }
            today={versions.data.today}
          />
        </div>
      ) : null}
    </div>
  );
}

type PreviewStatus =
  | { key: string; state: 'loading' }
  | { key: string; state: 'ok'; data: DraftPreview }
  | { key: string; state: 'error'; problem: ProblemDocument };

/**
 * The preview of the statement whose JSON is `key`: asked for after the pause (or by `refresh`),
 * an older request cancelled by a newer one; the last preview received stays shown meanwhile.
 */
function usePreview(agreementId: string, key: string | null) {
  const { session } = useSession();
  const token = session?.token;
  const [status, setStatus] = useState<PreviewStatus | null>(null);
  const [shown, setShown] = useState<{ key: string; data: DraftPreview } | null>(null);
  const inFlight = useRef<AbortController | null>(null);

  const run = useCallback(
    (body: string) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setStatus({ key: body, state: 'loading' });
      apiPostQuery<DraftPreview>(
        `/agreements/${agreementId}/drafts/preview?elide=true`,
        JSON.parse(body) as unknown,
        token,
        controller.signal,
      ).then(
        (response) => {
          if (controller.signal.aborted) return;
          setStatus({ key: body, state: 'ok', data: response.data });
          setShown({ key: body, data: response.data });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const problem =
            error instanceof ApiError
              ? error.problem
              : { type: 'about:blank', title: 'Error', status: 0, detail: String(error) };
          setStatus({ key: body, state: 'error', problem });
        },
      );
    },
    [agreementId, token],
  );

  useEffect(() => {
    if (key === null) return undefined;
    const timer = setTimeout(() => run(key), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key, run]);
  useEffect(() => () => inFlight.current?.abort(), []);

  return { status: status?.key === key ? status : null, shown, run };
}

type Step = 'edit' | 'confirm' | 'done';

function DraftEditor({
  agreement,
  revision,
  revise,
  onRecorded,
  onReload,
  mode,
  base,
  baseLabel,
  today,
}: Props & {
  mode: DraftMode;
  base: DraftBase;
  /** Its entry in the 沿革 (令和8年10月1日一部変更（令和9年4月1日施行、未施行）). */
  baseLabel: string;
  /** The server's today: the default date of the 案. */
  today: string;
}) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [values, setValues] = useState<Omit<DraftValues, 'mode'>>({
    text: base.text,
    amendingText: '',
    effectiveOn: '',
  });
  const fresh = { draftedOn: today, proceedingId: revise?.proceedingId ?? '' };
  const [opening, setOpening] = useState(fresh);
  const [step, setStep] = useState<Step>('edit');
  const [attempted, setAttempted] = useState(false);
  const [wantConfirm, setWantConfirm] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);

  const checked = checkDraft({ ...values, mode }, base.text);
  // A 修正案 is previewed as POST …/drafts decides it (another proceeding pending is no refusal then).
  const key = checked.ok
    ? JSON.stringify(
        revise === undefined ? checked.body : { ...checked.body, proceedingId: revise.proceedingId },
      )
    : null;
  const preview = usePreview(agreement.agreementId, key);
  const status = preview.status;
  const openingChecked = checked.ok ? checkOpening(checked.body, opening) : null;

  // Browser issues: the date is told as soon as it is typed; the rest once the officer asks to open.
  const issues = issuesByField([
    ...(checked.ok ? [] : checked.issues.filter((i) => attempted || i.field === 'effectiveOn')),
    ...(attempted && openingChecked !== null && !openingChecked.ok ? openingChecked.issues : []),
  ]);
  const errors: Record<string, string[]> = {};
  for (const [field, list] of Object.entries(issues)) errors[field] = list.map((i) => t(i.key, i.params));

  useEffect(() => {
    if (focusRequest === 0) return;
    container.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  // Asked to open before the preview of this very input arrived: confirm once it has.
  useEffect(() => {
    if (!wantConfirm || status === null || status.state === 'loading') return;
    setWantConfirm(false);
    if (status.state === 'ok') setStep('confirm');
  }, [status, wantConfirm]);

  useEffect(() => {
    if (step === 'confirm') document.getElementById('draft-confirm-lead')?.focus();
  }, [step]);

  const requestOpening = () => {
    setAttempted(true);
    if (key === null || openingChecked === null || !openingChecked.ok) {
      setFocusRequest((n) => n + 1);
      return;
    }
    if (status?.state === 'ok') setStep('confirm');
    else {
      setWantConfirm(true);
      if (status?.state !== 'loading') preview.run(key);
    }
  };

  const planned = readPlannedDate(values.effectiveOn);
  const shown = preview.shown;
  // What is shown is what prints: the body of the preview on screen.
  const shownBody = shown === null ? null : (JSON.parse(shown.key) as DraftStatement);
  const previewPath = `/agreements/${agreement.agreementId}/drafts/preview`;
  const renderError = (error: ApiError) => <DraftProblem problem={error.problem} />;
  const nothingYet =
    !checked.ok && checked.issues.some((i) => i.key === 'draft.unchanged' || i.key === 'validation.required');
  const statusText =
    key === null
      ? nothingYet
        ? t('draft.waiting')
        : ''
      : status === null
        ? t('draft.stale')
        : status.state === 'loading'
          ? t('draft.updating')
          : status.state === 'ok'
            ? t('draft.upToDate')
            : '';

  return (
    <div className="draft-editor" ref={container}>
      <div className="draft-input">
        {step === 'edit' ? (
          <>
            <p className="hint">{t('draft.base', { label: baseLabel, n: base.versionNumber })}</p>
            {mode === 'text' ? (
              <TextField
                formId="draft"
                name="text"
                label={t('draft.text')}
                hint={t('draft.textHint')}
                required
                multiline
                rows={24}
                errors={errors}
                value={values.text}
                onChange={(text) => setValues({ ...values, text })}
              />
            ) : (
              <TextField
                formId="draft"
                name="amendingText"
                label={t('draft.amendingText')}
                hint={t('draft.amendingTextHint')}
                required
                multiline
                rows={12}
                errors={errors}
                value={values.amendingText}
                onChange={(amendingText) => setValues({ ...values, amendingText })}
              />
            )}
            <TextField
              formId="draft"
              name="effectiveOn"
              label={t('draft.effectiveOn')}
              hint={t('draft.effectiveOnHint')}
              errors={errors}
              value={values.effectiveOn}
              onChange={(effectiveOn) => setValues({ ...values, effectiveOn })}
            />
            <p className="date-read" aria-live="polite">
              {planned.ok && planned.value !== undefined
                ? t('draft.effectiveOnRead', { date: withWareki(planned.value) })
                : ''}
            </p>
            <div className="field-row">
              <DateField
                formId="draft"
                name="draftedOn"
                label={t('draft.draftedOn')}
                required
                errors={errors}
                value={opening.draftedOn}
                onChange={(draftedOn) => setOpening({ ...opening, draftedOn })}
              />
              {revise === undefined ? (
                <TextField
                  formId="draft"
                  name="proceedingId"
                  label={t('draft.proceedingId')}
                  hint={t('draft.proceedingIdHint')}
                  errors={errors}
                  value={opening.proceedingId}
                  onChange={(proceedingId) => setOpening({ ...opening, proceedingId })}
                />
              ) : null}
            </div>
            <button type="button" className="primary" onClick={requestOpening} disabled={wantConfirm}>
              {revise === undefined ? t('draft.open') : t('work.revise.open', { n: revise.draftNumber })}
            </button>
          </>
        ) : null}
        {step !== 'edit' && shown !== null && openingChecked !== null && openingChecked.ok ? (
          <ConfirmOpening
            agreement={agreement}
            revision={revision}
            {...(revise === undefined ? {} : { revise })}
            preview={shown.data}
            body={openingChecked.body}
            done={step === 'done'}
            onBack={() => setStep('edit')}
            onRecorded={(result) => {
              setStep('done');
              onRecorded(result);
            }}
            onAnother={() => {
              setValues({ text: base.text, amendingText: '', effectiveOn: '' });
              setOpening(fresh);
              setAttempted(false);
              setStep('edit');
            }}
            onReload={onReload}
          />
        ) : null}
      </div>

      <section
        className="draft-preview"
        aria-labelledby="draft-preview-heading"
        aria-busy={status?.state === 'loading'}
      >
        <h3 id="draft-preview-heading">{t('draft.preview')}</h3>
        <div className="button-row no-print">
          <button type="button" disabled={key === null} onClick={() => key !== null && preview.run(key)}>
            {t('draft.refresh')}
          </button>
          <span className="preview-status" role="status">
            {statusText}
          </span>
        </div>
        {status?.state === 'error' ? <DraftProblem problem={status.problem} /> : null}
        {key === null || shown === null || shownBody === null || status?.state === 'error' ? null : (
          <>
            <section aria-labelledby="draft-comparison-heading">
              <h4 id="draft-comparison-heading">{t('draft.comparison')}</h4>
              <div className="button-row no-print">
                <OpenButton
                  path={`${previewPath}?document=comparison&elide=true`}
                  accept="text/html"
                  body={shownBody}
                  renderError={renderError}
                  label={t('draft.printComparison')}
                />
                <DownloadButton
                  path={`${previewPath}?document=comparison&elide=true`}
                  accept={DOCX}
                  body={shownBody}
                  renderError={renderError}
                  filename={`${agreement.agreementId}-draft-comparison.docx`}
                  label={t('draft.docxComparison')}
                />
              </div>
              <ComparisonTable
                table={shown.data.comparison.table}
                caption={shown.data.comparison.title}
                labels={{
                  new: { label: t('draft.newColumn'), effectiveFrom: '', heading: t('draft.newColumn') },
                  old: {
                    label: t('draft.oldColumn', { n: base.versionNumber }),
                    effectiveFrom: base.effectiveFrom,
                    heading: baseLabel,
                  },
                }}
              />
            </section>
            <section aria-labelledby="draft-amending-heading">
              <h4 id="draft-amending-heading">{t('draft.amending')}</h4>
              <div className="button-row no-print">
                <OpenButton
                  path={`${previewPath}?document=amending-text`}
                  accept="text/html"
                  body={shownBody}
                  renderError={renderError}
                  label={t('draft.printAmending')}
                />
                <DownloadButton
                  path={`${previewPath}?document=amending-text`}
                  accept={DOCX}
                  body={shownBody}
                  renderError={renderError}
                  filename={`${agreement.agreementId}-draft-amending-text.docx`}
                  label={t('draft.docxAmending')}
                />
              </div>
              <div className="amending-text" lang="ja">
                {shown.data.amendingText.lines.map((line, index) => (
                  <p key={index}>{line === '' ? '\u00a0' : line}</p>
                ))}
              </div>
            </section>
          </>
        )}
      </section>
    </div>
  );
}

/**
 * What will be recorded, shown before anything is: the operations derived, the sentences of the
 * 改め文（案）, its 施行期日 and the date of the 案; then POST …/proceedings with the same statement.
 */
function ConfirmOpening({
  agreement,
  revision,
  revise,
  preview,
  body,
  done,
  onBack,
  onRecorded,
  onAnother,
  onReload,
}: {
  agreement: AgreementSummary;
  revision: string;
  revise?: Props['revise'];
  preview: DraftPreview;
  body: OpenAmendmentBody;
  done: boolean;
  onBack: () => void;
  onRecorded: (result: CommandResult) => void;
  onAnother: () => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const say = useDraftMessage();
  const explain = useCallback((problem: ProblemDocument) => draftProblemMessages(problem).map(say), [say]);
  const { state, submit } = useRecording({
    path: `/agreements/${agreement.agreementId}/${revise === undefined ? 'proceedings' : 'drafts'}`,
    revision,
    fields: CONFIRM_FIELDS,
    onRecorded,
    explain,
  });
  const effective = effectiveDateSentence(preview.amendingText.lines);
  if (done) {
    return (
      <div className="draft-done">
        <p className="alert alert-success" role="status">
          {revise === undefined ? t('draft.started') : t('work.revise.recorded', { n: revise.draftNumber })}
        </p>
        {revise === undefined ? (
          <button type="button" onClick={onAnother}>
            {t('draft.startAnother')}
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <FormShell
      id="draft-confirm"
      title={t('draft.confirmTitle')}
      state={state}
      onSubmit={() => void submit({ ok: true, body })}
      onReload={onReload}
      submitLabel={
        revise === undefined ? t('draft.confirmSubmit') : t('work.revise.submit', { n: revise.draftNumber })
      }
    >
      <p id="draft-confirm-lead" tabIndex={-1}>
        {t('draft.confirmLead')}
      </p>
      <dl className="facts draft-summary">
        <dt>{t('draft.confirmDraftedOn')}</dt>
        <dd>
          <DateText date={body.draftedOn} />
        </dd>
        <dt>{t('draft.confirmOperations')}</dt>
        <dd data-count={preview.operations.length}>
          {t('draft.confirmOperationsCount', { count: preview.operations.length })}
        </dd>
        <dt>{t('draft.confirmSentences')}</dt>
        <dd>
          <ol className="draft-sentences" lang="ja">
            {preview.amendingText.sentences.map((sentence, index) => (
              <li key={index}>{sentence.text}</li>
            ))}
          </ol>
        </dd>
        <dt>{t('draft.confirmEffective')}</dt>
        <dd lang="ja">{effective ?? '—'}</dd>
      </dl>
      <button type="button" onClick={onBack}>
        {t('draft.back')}
      </button>
    </FormShell>
  );
}

/** The confirmation has no inputs: every refusal is told for the form as a whole (explain). */
const CONFIRM_FIELDS: readonly string[] = [];
