/**
 * 手続と記録: each proceeding (締結・変更・廃止) with the steps of 第252条の2 it has and the ones it
 * is still missing, and — for a signed-in user — the forms for the steps their role may record.
 * Forms write against the revision read with the page; after a write the page reads it again.
 */
import { Fragment, useCallback, useState } from 'react';
import type { ApiError } from '../api/api-client';
import type {
  AgreementSummary,
  CommandResult,
  Page,
  PartyRole,
  Proceeding,
  TimelineEntry,
} from '../api/api-types';
import { useApi } from '../api/use-api';
import { AgreementFrame } from '../components/agreement-frame.component';
import { DateText, Loading, ProblemAlert } from '../components/common.component';
import { NotificationText } from '../components/notification-text.component';
import { DownloadButton, OpenButton } from '../components/download-button.component';
import { DraftProblem } from '../components/draft-problem.component';
import { AmendmentEditor } from '../forms/amendment-editor.component';
import {
  AbolitionForm,
  AbolitionRevisionForm,
  CorrectionForm,
  correctableEntries,
  WithdrawalForm,
} from '../forms/proceeding-forms.component';
import {
  ConclusionForm,
  CouncilResolutionForm,
  GovernorNotificationForm,
  PublicNoticeForm,
} from '../forms/step-forms.component';
import { useI18n } from '../i18n/i18n';
import { todayInJapan } from '../lib/dates';
import { DOCX } from '../lib/download';
import { mayRecord, partyOf } from '../lib/permissions';
import { Link } from '../router';
import { useSession } from '../session';
import { proceedingName } from '../lib/proceeding-name';

export function ProceedingsPage({ agreementId }: { agreementId: string }) {
  return (
    <AgreementFrame agreementId={agreementId} current="proceedings">
      {({ summary, revision, reload }) => (
        <Proceedings agreement={summary} revision={revision} reloadSummary={reload} />
      )}
    </AgreementFrame>
  );
}

function Proceedings({
  agreement,
  revision: readRevision,
  reloadSummary,
}: {
  agreement: AgreementSummary;
  revision: string;
  reloadSummary: () => void;
}) {
  const { t } = useI18n();
  const { session } = useSession();
  const proceedings = useApi<Proceeding[]>(`/agreements/${agreement.agreementId}/proceedings`);
  // The recorded facts a 誤記訂正 names, read only for those who may record one.
  const mayCorrect = mayRecord(session?.role, 'correction');
  const history = useApi<Page<TimelineEntry>>(
    mayCorrect ? `/agreements/${agreement.agreementId}/history?limit=500` : null,
  );
  const [announcement, setAnnouncement] = useState('');
  // A write answers with the agreement's new revision: the next form writes against it at once,
  // without waiting for the page to read the agreement again.
  const [writtenRevision, setWrittenRevision] = useState(0);
  const revision = String(Math.max(Number(readRevision), writtenRevision));
  const reloadProceedings = proceedings.reload;
  const reloadHistory = history.reload;
  const reload = useCallback(() => {
    reloadSummary();
    reloadProceedings();
    reloadHistory();
  }, [reloadSummary, reloadProceedings, reloadHistory]);
  const recorded = useCallback(
    (result: CommandResult) => {
      setAnnouncement(t('form.recorded'));
      setWrittenRevision((known) => Math.max(known, Number(result.revision)));
      reload();
    },
    [reload, t],
  );

  if (proceedings.state === 'loading') return <Loading />;
  if (proceedings.state === 'error') return <ProblemAlert error={proceedings.error} />;
  const open = proceedings.data.filter((p) => p.status === 'negotiating' || !p.completed);
  const closed = proceedings.data.filter((p) => !open.includes(p));
  // One proceeding at a time: a new one cannot start while another is negotiated.
  const pending = proceedings.data.find((p) => p.status === 'negotiating');
  const role = session?.role;
  const ownParty = partyOf(session?.municipalityCode, agreement);
  // A clerk records only its own party's 議決, 告示 and 届出: offered while that one is missing.
  const clerkParty = role === 'clerk' ? (ownParty ?? null) : undefined;
  const formProps = { agreement, revision, ownParty, onRecorded: recorded, onReload: reload };
  const today = todayInJapan(new Date());
  const timeline = history.state === 'ok' ? history.data.items : [];
  const correction = (p: Proceeding) => {
    const entries = correctableEntries(timeline, p.proceedingId);
    if (!mayCorrect || entries.length === 0) return null;
    return (
      <details className="correction no-print">
        <summary>{t('work.correction.summary')}</summary>
        <CorrectionForm {...formProps} proceeding={p} entries={entries} />
      </details>
    );
  };

  return (
    <>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {session === null ? (
        <p className="alert alert-info">
          {t('proceedings.signInToRecord')}{' '}
          <Link
            to={`/sign-in?return=${encodeURIComponent(`/agreements/${agreement.agreementId}/proceedings`)}`}
          >
            {t('nav.signIn')}
          </Link>
        </p>
      ) : null}
      <p className="revision-note">{t('proceedings.revision', { revision })}</p>

      <section aria-labelledby="open-heading" className="panel">
        <h2 id="open-heading">{t('proceedings.open')}</h2>
        {open.length === 0 ? <p>{t('proceedings.noneOpen')}</p> : null}
        {open.map((p) => (
          <article key={p.proceedingId} className="proceeding" aria-labelledby={`p-${p.proceedingId}`}>
            <ProceedingSteps agreement={agreement} proceeding={p} />
            <ProceedingDocuments agreementId={agreement.agreementId} proceeding={p} />
            {session === null ? null : (
              <div className="forms">
                {p.status === 'negotiating' &&
                mayRecord(role, 'council-resolution') &&
                missingFor(p, 'council-resolution', clerkParty).length > 0 ? (
                  <CouncilResolutionForm {...formProps} proceedingId={p.proceedingId} />
                ) : null}
                {p.status === 'negotiating' &&
                mayRecord(role, 'conclusion') &&
                missingFor(p, 'council-resolution').length === 0 ? (
                  <ConclusionForm {...formProps} proceedingId={p.proceedingId} />
                ) : null}
                {p.status === 'concluded' &&
                mayRecord(role, 'public-notice') &&
                missingFor(p, 'public-notice', clerkParty).length > 0 ? (
                  <PublicNoticeForm
                    {...formProps}
                    proceedingId={p.proceedingId}
                    missingParties={missingFor(p, 'public-notice')}
                  />
                ) : null}
                {p.status === 'concluded' &&
                mayRecord(role, 'governor-notification') &&
                missingFor(p, 'governor-notification', clerkParty).length > 0 ? (
                  <GovernorNotificationForm
                    {...formProps}
                    proceedingId={p.proceedingId}
                    missingParties={missingFor(p, 'governor-notification')}
                  />
                ) : null}
                {p.status === 'negotiating' && mayRecord(role, 'revised-draft') && rejectedDraft(p) ? (
                  p.kind === 'abolition' ? (
                    <AbolitionRevisionForm
                      {...formProps}
                      proceeding={p}
                      draftNumber={nextDraftNumber(p)}
                      today={today}
                    />
                  ) : p.kind === 'amendment' ? (
                    <section aria-labelledby={`revise-${p.proceedingId}-heading`}>
                      <h3 id={`revise-${p.proceedingId}-heading`}>
                        {t('work.revise.heading', { n: nextDraftNumber(p) })}
                      </h3>
                      <p className="hint">{t('work.revise.lead', { n: nextDraftNumber(p) })}</p>
                      <AmendmentEditor
                        agreement={agreement}
                        revision={revision}
                        revise={{ proceedingId: p.proceedingId, draftNumber: nextDraftNumber(p) }}
                        onRecorded={recorded}
                        onReload={reload}
                      />
                    </section>
                  ) : null
                ) : null}
                {p.status === 'negotiating' && mayRecord(role, 'withdrawal') ? (
                  <WithdrawalForm {...formProps} proceeding={p} today={today} />
                ) : null}
                {role === 'reader' ? <p className="note">{t('proceedings.readerCannotRecord')}</p> : null}
              </div>
            )}
            {correction(p)}
          </article>
        ))}
      </section>

      {mayRecord(role, 'amendment') && agreement.status === 'concluded' ? (
        <section aria-labelledby="amendment-heading" className="panel">
          <h2 id="amendment-heading">{t('proceedings.newAmendment')}</h2>
          {pending === undefined ? (
            <AmendmentEditor
              agreement={agreement}
              revision={revision}
              onRecorded={recorded}
              onReload={reload}
            />
          ) : (
            <p className="note">{t('proceedings.anotherPending', { name: proceedingName(t, pending) })}</p>
          )}
        </section>
      ) : null}

      {mayRecord(role, 'abolition') && agreement.status === 'concluded' && pending === undefined ? (
        <section aria-labelledby="abolition-heading" className="panel">
          <h2 id="abolition-heading">{t('work.abolition.heading')}</h2>
          <AbolitionForm
            agreement={agreement}
            revision={revision}
            today={today}
            onRecorded={recorded}
            onReload={reload}
          />
        </section>
      ) : null}

      <section aria-labelledby="closed-heading" className="panel">
        <h2 id="closed-heading">{t('proceedings.closed')}</h2>
        {closed.length === 0 ? <p>{t('proceedings.noneClosed')}</p> : null}
        {closed.map((p) => (
          <article
            key={p.proceedingId}
            className="proceeding proceeding-closed"
            aria-labelledby={`p-${p.proceedingId}`}
          >
            <ProceedingSteps agreement={agreement} proceeding={p} />
            <ProceedingDocuments agreementId={agreement.agreementId} proceeding={p} />
            {correction(p)}
          </article>
        ))}
      </section>
    </>
  );
}

/**
 * The documents of an amendment's 議案 — the 新旧対照表 and the 改め文 — to print (the API's print
 * page) or save as DOCX: marked 案 while the proceeding is pending, so that they can go to the
 * councils before the vote, and without it once concluded.
 */
function ProceedingDocuments({
  agreementId,
  proceeding: p,
}: {
  agreementId: string;
  proceeding: Proceeding;
}) {
  const { t } = useI18n();
  if (p.kind !== 'amendment' || p.status === 'withdrawn') return null;
  const pending = p.status === 'negotiating';
  const path = `/agreements/${agreementId}/proceedings/${p.proceedingId}`;
  const suffix = pending ? '-draft' : '';
  const renderError = (error: ApiError) => <DraftProblem problem={error.problem} />;
  return (
    <div
      className="button-row no-print proceeding-documents"
      role="group"
      aria-label={t('proceedingDocs.heading')}
    >
      <OpenButton
        path={`${path}/comparison?elide=true`}
        accept="text/html"
        renderError={renderError}
        label={t(pending ? 'draft.printComparison' : 'proceedingDocs.printComparison')}
      />
      <OpenButton
        path={`${path}/amending-text`}
        accept="text/html"
        renderError={renderError}
        label={t(pending ? 'draft.printAmending' : 'proceedingDocs.printAmending')}
      />
      <DownloadButton
        path={`${path}/comparison?elide=true`}
        accept={DOCX}
        renderError={renderError}
        filename={`${agreementId}-${p.proceedingId}-comparison${suffix}.docx`}
        label={t(pending ? 'draft.docxComparison' : 'proceedingDocs.docxComparison')}
      />
      <DownloadButton
        path={`${path}/amending-text`}
        accept={DOCX}
        renderError={renderError}
        filename={`${agreementId}-${p.proceedingId}-amending-text${suffix}.docx`}
        label={t(pending ? 'draft.docxAmending' : 'proceedingDocs.docxAmending')}
      />
    </div>
  );
}

/** The steps a proceeding has recorded, in the order of the law, and what it still misses. */
function ProceedingSteps({
  agreement,
  proceeding: p,
}: {
  agreement: AgreementSummary;
  proceeding: Proceeding;
}) {
  const { t } = useI18n();
  const names = { core: agreement.coreCity.name, partner: agreement.partner.name };
  const draft = p.drafts.at(-1);
  const standing = (party: PartyRole) => p.resolutions.filter((r) => r.party === party).at(-1);
  return (
    <>
      <h3 id={`p-${p.proceedingId}`}>
        {proceedingName(t, p)}{' '}
        <span className={`badge badge-proceeding-${p.status}`}>{t(`proceedingStatus.${p.status}`)}</span>
      </h3>
      <dl className="facts steps">
        <dt>{t('steps.draft')}</dt>
        <dd>
          {draft === undefined ? '—' : t('steps.draftN', { n: draft.draftNumber })}{' '}
          {draft === undefined ? null : <DateText date={draft.draftedOn} />}
        </dd>
        {(['core', 'partner'] as const).map((party) => {
          const resolution = standing(party);
          return (
            <Fragment key={party}>
              <dt>{t('steps.resolution', { name: names[party] })}</dt>
              <dd data-step={`resolution-${party}`}>
                {resolution === undefined ? (
                  <span className="missing">{t('steps.notYet')}</span>
                ) : (
                  <>
                    {t(`decision.${resolution.decision}`)}（<DateText date={resolution.resolvedOn} />
                    {resolution.resolutionNumber === undefined ? '' : `、${resolution.resolutionNumber}`}）
                  </>
                )}
              </dd>
            </Fragment>
          );
        })}
        <dt>{t('steps.conclusion')}</dt>
        <dd>
          {p.conclusion === undefined ? (
            <span className="missing">{t('steps.notYet')}</span>
          ) : (
            <>
              <DateText date={p.conclusion.concludedOn} />（{t('timeline.effectiveFrom')}{' '}
              <DateText date={p.conclusion.effectiveOn} />）
            </>
          )}
        </dd>
        {(['core', 'partner'] as const).map((party) => {
          const notice = p.notices[party];
          return (
            <Fragment key={party}>
              <dt>{t('steps.notice', { name: names[party] })}</dt>
              <dd>
                {notice === undefined ? (
                  <span className="missing">{t('steps.notYet')}</span>
                ) : (
                  <>
                    <span lang="ja">{notice.noticeNumber}</span>（<DateText date={notice.publishedOn} />）
                  </>
                )}
              </dd>
            </Fragment>
          );
        })}
        {(['core', 'partner'] as const).map((party) => {
          const notification = p.notifications[party];
          return (
            <Fragment key={`notification-${party}`}>
              <dt>{t('steps.notification', { name: names[party] })}</dt>
              <dd>
                {notification === undefined ? (
                  <span className="missing">{t('steps.notYet')}</span>
                ) : (
                  <NotificationText notification={notification} />
                )}
              </dd>
            </Fragment>
          );
        })}
        {p.withdrawal === undefined ? null : (
          <>
            <dt>{t('steps.withdrawal')}</dt>
            <dd>
              <DateText date={p.withdrawal.withdrawnOn} /> <span lang="ja">{p.withdrawal.reason}</span>
            </dd>
          </>
        )}
      </dl>
      {p.missingSteps.length === 0 ? null : (
        <div className="missing-steps">
          <h4>{t('steps.missing')}</h4>
          <ol lang="ja">
            {p.missingSteps.map((step, index) => (
              <li key={index} data-step={step.step} data-party={step.party}>
                {step.label}
              </li>
            ))}
          </ol>
        </div>
      )}
    </>
  );
}

/**
 * The parties whose `step` is still missing, as the API lists the missing steps (a 議決 on the current
 * draft not yet approved, a 告示 or 届出 not yet recorded); `party` narrows it to one (a clerk records
 * only its own party's; `null`: a clerk of no party, who records none).
 */
function missingFor(p: Proceeding, step: string, party?: PartyRole | null): PartyRole[] {
  return p.missingSteps
    .filter((s) => s.step === step && s.party !== undefined)
    .map((s) => s.party as PartyRole)
    .filter((missing) => party === undefined || missing === party);
}

/** A council rejected the current draft: the parties may revise it (第2案 …). */
function rejectedDraft(p: Proceeding): boolean {
  const current = p.drafts.at(-1)?.draftNumber;
  return (['core', 'partner'] as const).some((party) => {
    const standing = p.resolutions.filter((r) => r.party === party).at(-1);
    return standing !== undefined && standing.decision === 'rejected' && standing.draftNumber === current;
  });
}

function nextDraftNumber(p: Proceeding): number {
  return (p.drafts.at(-1)?.draftNumber ?? 0) + 1;
}
