/**
 * A doubt's later steps (第6条, 第252条の2第7項, 第251条の3の2), each offered while it can be taken
 * and to the roles that may take it: taken up at a consultation, resolved there, withdrawn; the
 * application to the 知事 (総務大臣) and its withdrawal with consent; the appointment of the three
 * 自治紛争処理委員 and the 処理方策 presented, notified and published (recorded by the secretariat from
 * the documents that prove them); each party's response.
 */
import { type ReactElement, useState } from 'react';
import type { CommandResult, ConsultationEntry, DoubtView, Page, PartyRole, Role } from '../api/api-types';
import { useApi } from '../api/use-api';
import { useI18n } from '../i18n/i18n';
import { todayInJapan } from '../lib/dates';
import { LIMITS } from '../lib/form-validation';
import { mayRecord } from '../lib/permissions';
import { consultationName } from '../lib/proceeding-name';
import type { StepFieldSpec } from '../lib/step-form';
import { StepForm } from './step-form.component';

const PARTIES = ['core', 'partner'] as const;

export function DoubtSteps({
  doubtId,
  role,
  municipalityCode,
  onRecorded,
}: {
  doubtId: string;
  role: Role;
  municipalityCode: string | undefined;
  onRecorded: (result: CommandResult) => void;
}) {
  const { t } = useI18n();
  const doubt = useApi<DoubtView>(`/doubts/${doubtId}`);
  // The form of a step taken goes away with it: the page says it was recorded.
  const [announcement, setAnnouncement] = useState('');
  const regionId = doubt.state === 'ok' ? doubt.data.regionId : null;
  const consultations = useApi<Page<ConsultationEntry>>(
    regionId === null ? null : `/regions/${regionId}/consultations?limit=500`,
  );
  if (doubt.state !== 'ok') return null;
  const d = doubt.data;
  const reload = () => {
    doubt.reload();
    consultations.reload();
  };
  const recorded = (result: CommandResult) => {
    setAnnouncement(t('form.recorded'));
    reload();
    onRecorded(result);
  };
  const closed = ['resolved', 'withdrawn', 'settled', 'unsettled'].includes(d.status);
  if (closed)
    return (
      <section aria-labelledby="doubt-steps-heading" className="panel no-print">
        <h2 id="doubt-steps-heading">{t('work.doubt.heading')}</h2>
        <p role="status">{announcement}</p>
        <p>{t('work.doubt.closed', { status: d.statusLabel })}</p>
      </section>
    );

  const today = todayInJapan(new Date());
  const ownParty = PARTIES.find((p) => d.parties[p].code === municipalityCode);
  // A clerk records only their own municipality's steps; the API refuses any other.
  const party = role !== 'clerk' || ownParty !== undefined;
  const application = d.applications.at(-1);
  const escalated = application !== undefined && application.status !== 'withdrawn';
  const proposal = application?.proposal;
  const partyOptions = PARTIES.filter((p) => role !== 'clerk' || p === ownParty).map((p) => ({
    value: d.parties[p].code,
    label: t(`party.${p}`, { name: d.parties[p].name }),
  }));
  const both = [d.parties.core.code, d.parties.partner.code];
  const shared = {
    revision: String(d.revision),
    subject: 'doubt' as const,
    onRecorded: recorded,
    onReload: reload,
  };
  const base = `/doubts/${doubtId}`;
  const evidence: StepFieldSpec[] = [
    { kind: 'text', name: 'evidence.documentNumber', label: t('work.doubt.evidence.number'), required: true },
    { kind: 'date', name: 'evidence.documentDate', label: t('work.doubt.evidence.date'), required: true },
  ];
  const entries = consultations.state === 'ok' ? consultations.data.items : [];
  const byBoth = entries.filter((c) => both.every((code) => c.participants.includes(code)));
  const consultationLabel = (c: ConsultationEntry) => consultationName(t, c);
  const linked = new Set(d.consultations.map((c) => c.consultationId));
  const held = byBoth.filter((c) => c.status === 'held' && linked.has(c.consultationId));
  const forms: ReactElement[] = [];

  // The consultations of both parties it may still be taken up at — not cancelled, not before the
  // doubt arose (the API refuses those), not yet linked: none, no form to offer.
  const discussable = byBoth.filter(
    (c) =>
      c.status !== 'cancelled' && (c.heldOn ?? c.scheduledOn) >= d.raisedOn && !linked.has(c.consultationId),
  );
  if (!escalated) {
    if (party && mayRecord(role, 'doubt') && discussable.length > 0)
      forms.push(
        <StepForm
          key="discuss"
          {...shared}
          id="doubt-discuss"
          title={t('work.doubt.discuss.title')}
          submitLabel={t('work.doubt.discuss.submit')}
          path={`${base}/consultations`}
          fields={[
            {
              kind: 'select',
              name: 'consultationId',
              label: t('work.doubt.discuss.consultation'),
              required: true,
              options: discussable.map((c) => ({ value: c.consultationId, label: consultationLabel(c) })),
            },
            {
              kind: 'text',
              name: 'note',
              label: t('work.doubt.discuss.note'),
              multiline: true,
              max: LIMITS.reason,
            },
          ]}
        />,
      );
    // Resolved only at a held consultation it was taken up at: without one there is nothing to choose.
    if (mayRecord(role, 'doubt-resolution') && held.length === 0)
      forms.push(
        <p key="resolve" className="note">
          {t('work.doubt.resolve.needsHeld')}
        </p>,
      );
    if (mayRecord(role, 'doubt-resolution') && held.length > 0)
      forms.push(
        <StepForm
          key="resolve"
          {...shared}
          id="doubt-resolve"
          title={t('work.doubt.resolve.title')}
          submitLabel={t('work.doubt.resolve.submit')}
          path={`${base}/resolution`}
          fixed={{ agreedBy: both }}
          preset={{ resolvedOn: today }}
          fields={[
            { kind: 'date', name: 'resolvedOn', label: t('work.doubt.resolve.resolvedOn'), required: true },
            {
              kind: 'select',
              name: 'consultationId',
              label: t('work.doubt.resolve.consultation'),
              required: true,
              options: held.map((c) => ({ value: c.consultationId, label: consultationLabel(c) })),
            },
            {
              kind: 'text',
              name: 'resolution',
              label: t('work.doubt.resolve.resolution'),
              required: true,
              multiline: true,
              max: LIMITS.text,
            },
            { kind: 'text', name: 'followUpProceedingId', label: t('work.doubt.resolve.followUp') },
          ]}
        />,
      );
    if (role !== 'clerk' || ownParty === d.raisedBy.role)
      forms.push(
        <StepForm
          key="withdraw"
          {...shared}
          id="doubt-withdraw"
          title={t('work.doubt.withdraw.title')}
          submitLabel={t('work.doubt.withdraw.submit')}
          path={`${base}/withdrawal`}
          preset={{ withdrawnOn: today }}
          fields={[
            {
              kind: 'date',
              name: 'withdrawnOn',
              label: t('work.doubt.withdraw.withdrawnOn'),
              required: true,
            },
            {
              kind: 'text',
              name: 'reason',
              label: t('work.doubt.withdraw.reason'),
              required: true,
              multiline: true,
              max: LIMITS.reason,
            },
          ]}
        />,
      );
    if (party)
      forms.push(
        <StepForm
          key="apply"
          {...shared}
          id="doubt-apply"
          title={t('work.doubt.apply.title')}
          submitLabel={t('work.doubt.apply.submit')}
          path={`${base}/escalation`}
          fixed={{ step: 'application' }}
          preset={{
            appliedOn: today,
            recipient: 'prefectural-governor',
            applicant: ownParty === undefined ? '' : d.parties[ownParty].code,
          }}
          fields={[
            { kind: 'date', name: 'appliedOn', label: t('work.doubt.apply.appliedOn'), required: true },
            {
              kind: 'select',
              name: 'applicant',
              label: t('work.doubt.apply.applicant'),
              required: true,
              options: partyOptions,
            },
            {
              kind: 'select',
              name: 'recipient',
              label: t('work.doubt.apply.recipient'),
              required: true,
              options: [
                { value: 'prefectural-governor', label: t('work.doubt.apply.governor') },
                { value: 'minister-of-internal-affairs', label: t('work.doubt.apply.minister') },
              ],
            },
            {
              kind: 'text',
              name: 'documentNumber',
              label: t('work.doubt.apply.documentNumber'),
              required: true,
            },
            {
              kind: 'text',
              name: 'summary',
              label: t('work.doubt.apply.summary'),
              required: true,
              multiline: true,
              max: LIMITS.text,
            },
          ]}
        />,
      );
  } else if (application !== undefined) {
    const secretariat = mayRecord(role, 'dispute-step');
    if (application.status === 'pending' && application.appointment === undefined && secretariat)
      forms.push(
        <StepForm
          key="appoint"
          {...shared}
          id="doubt-appoint"
          title={t('work.doubt.appoint.title')}
          submitLabel={t('work.doubt.appoint.submit')}
          path={`${base}/escalation`}
          fixed={{ step: 'appointment' }}
          preset={{ appointedOn: today }}
          fields={[
            { kind: 'date', name: 'appointedOn', label: t('work.doubt.appoint.appointedOn'), required: true },
            ...[0, 1, 2].flatMap((i): StepFieldSpec[] => [
              {
                kind: 'text',
                name: `commissioners.${i}.name`,
                label: t('work.doubt.appoint.name', { n: i + 1 }),
                required: true,
              },
              {
                kind: 'text',
                name: `commissioners.${i}.title`,
                label: t('work.doubt.appoint.role', { n: i + 1 }),
                required: true,
              },
            ]),
            ...evidence,
          ]}
        />,
      );
    if (application.status === 'pending' && application.appointment !== undefined && secretariat)
      forms.push(
        <StepForm
          key="present"
          {...shared}
          id="doubt-present"
          title={t('work.doubt.present.title')}
          submitLabel={t('work.doubt.present.submit')}
          path={`${base}/settlement-proposal`}
          fixed={{ step: 'presented' }}
          preset={{ presentedOn: today }}
          fields={[
            { kind: 'date', name: 'presentedOn', label: t('work.doubt.present.presentedOn'), required: true },
            { kind: 'date', name: 'decidedOn', label: t('work.doubt.present.decidedOn') },
            {
              kind: 'text',
              name: 'proposal',
              label: t('work.doubt.present.proposal'),
              required: true,
              multiline: true,
              max: LIMITS.text,
            },
            ...evidence,
          ]}
        />,
      );
    if (application.status === 'pending' && (role !== 'clerk' || ownParty === application.applicant.role))
      forms.push(
        <StepForm
          key="withdraw-application"
          {...shared}
          id="doubt-withdraw-application"
          title={t('work.doubt.applicationWithdraw.title')}
          submitLabel={t('work.doubt.applicationWithdraw.submit')}
          path={`${base}/escalation`}
          fixed={{ step: 'application-withdrawal' }}
          fields={[
            {
              kind: 'date',
              name: 'withdrawnOn',
              label: t('work.doubt.applicationWithdraw.withdrawnOn'),
              required: true,
            },
            {
              kind: 'date',
              name: 'consentedOn',
              label: t('work.doubt.applicationWithdraw.consentedOn'),
              required: true,
            },
            {
              kind: 'text',
              name: 'reason',
              label: t('work.doubt.applicationWithdraw.reason'),
              required: true,
              multiline: true,
              max: LIMITS.reason,
            },
          ]}
        />,
      );
    if (application.status === 'proposal-presented' && proposal !== undefined) {
      if (secretariat && proposal.notifiedOn === undefined)
        forms.push(
          <StepForm
            key="notify"
            {...shared}
            id="doubt-notify"
            title={t('work.doubt.notify.title')}
            submitLabel={t('work.doubt.notify.submit')}
            path={`${base}/settlement-proposal`}
            fixed={{ step: 'notified' }}
            fields={[
              { kind: 'date', name: 'notifiedOn', label: t('work.doubt.notify.notifiedOn'), required: true },
              ...evidence,
            ]}
          />,
        );
      if (secretariat && proposal.publishedOn === undefined)
        forms.push(
          <StepForm
            key="publish"
            {...shared}
            id="doubt-publish"
            title={t('work.doubt.publish.title')}
            submitLabel={t('work.doubt.publish.submit')}
            path={`${base}/settlement-proposal`}
            fixed={{ step: 'published' }}
            fields={[
              {
                kind: 'date',
                name: 'publishedOn',
                label: t('work.doubt.publish.publishedOn'),
                required: true,
              },
              {
                kind: 'text',
                name: 'medium',
                label: t('work.doubt.publish.medium'),
                required: true,
                max: 200,
              },
              ...evidence,
            ]}
          />,
        );
      const awaiting = partyOptions.filter(
        (o) =>
          !PARTIES.some(
            (p: PartyRole) => d.parties[p].code === o.value && proposal.responses[p] !== undefined,
          ),
      );
      if (party && awaiting.length > 0)
        forms.push(
          <StepForm
            key={`respond-${awaiting.map((o) => o.value).join('-')}`}
            {...shared}
            id="doubt-respond"
            title={t('work.doubt.respond.title')}
            submitLabel={t('work.doubt.respond.submit')}
            path={`${base}/responses`}
            preset={{ respondedOn: today }}
            fields={[
              {
                kind: 'select',
                name: 'respondent',
                label: t('work.doubt.respond.respondent'),
                required: true,
                options: awaiting,
              },
              {
                kind: 'date',
                name: 'respondedOn',
                label: t('work.doubt.respond.respondedOn'),
                required: true,
              },
              {
                kind: 'select',
                name: 'stance',
                label: t('work.doubt.respond.stance'),
                required: true,
                options: [
                  { value: 'accepts', label: t('work.doubt.respond.accepts') },
                  { value: 'accepts-in-part', label: t('work.doubt.respond.acceptsInPart') },
                  { value: 'does-not-accept', label: t('work.doubt.respond.doesNotAccept') },
                ],
              },
              {
                kind: 'text',
                name: 'statement',
                label: t('work.doubt.respond.statement'),
                required: true,
                multiline: true,
                max: LIMITS.text,
              },
            ]}
          />,
        );
    }
  }
  return (
    <section aria-labelledby="doubt-steps-heading" className="panel no-print">
      <h2 id="doubt-steps-heading">{t('work.doubt.heading')}</h2>
      <p role="status">{announcement}</p>
      {escalated && !mayRecord(role, 'dispute-step') ? (
        <p className="note">{t('work.doubt.secretariatOnly')}</p>
      ) : null}
      <div className="forms">{forms}</div>
    </section>
  );
}
