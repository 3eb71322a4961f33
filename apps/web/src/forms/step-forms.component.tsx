/**
 * The forms for the steps of 第252条の2 on one proceeding: 議会の議決, 締結, 告示, 届出 (each party's or
 * joint). Each one checks its input in the browser, then records through the API (which checks it
 * again and applies the rules: a clerk only for its own municipality, the order of the steps, dates).
 */
import { useMemo, useState } from 'react';
import type { AgreementSummary, CommandResult, PartyRole } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import {
  checkConclusion,
  checkCouncilResolution,
  checkGovernorNotification,
  checkPublicNotice,
  LIMITS,
} from '../lib/form-validation';
import { DateField, SelectField, TextField } from './form-fields.component';
import { FormShell } from './form-shell.component';
import { useRecording } from './use-recording';

export interface StepFormProps {
  agreement: AgreementSummary;
  proceedingId: string;
  revision: string;
  /** The party the signed-in clerk is, to preselect it. */
  ownParty: PartyRole | undefined;
  onRecorded: (result: CommandResult) => void;
  onReload: () => void;
}

function base(props: StepFormProps, step: string): string {
  return `/agreements/${props.agreement.agreementId}/proceedings/${props.proceedingId}/${step}`;
}

function usePartyOptions(agreement: AgreementSummary) {
  const { t } = useI18n();
  return [
    { value: 'core', label: t('party.core', { name: agreement.coreCity.name }) },
    { value: 'partner', label: t('party.partner', { name: agreement.partner.name }) },
  ];
}

const RESOLUTION_FIELDS = ['party', 'decision', 'resolvedOn', 'resolutionNumber'] as const;

export function CouncilResolutionForm(props: StepFormProps) {
  const { t } = useI18n();
  const formId = `resolution-${props.proceedingId}`;
  const [values, setValues] = useState({
    party: props.ownParty ?? '',
    decision: 'approved',
    resolvedOn: '',
    resolutionNumber: '',
  });
  const { state, submit } = useRecording({
    path: base(props, 'council-resolutions'),
    revision: props.revision,
    fields: RESOLUTION_FIELDS,
    onRecorded: props.onRecorded,
  });
  const set = (changes: Partial<typeof values>) => setValues({ ...values, ...changes });
  const common = { formId, errors: state.errors };
  return (
    <FormShell
      id={formId}
      title={t('forms.resolution.title')}
      state={state}
      onSubmit={() => void submit(checkCouncilResolution(values))}
      onReload={props.onReload}
      submitLabel={t('forms.resolution.submit')}
    >
      <SelectField
        {...common}
        name="party"
        label={t('forms.party')}
        required
        value={values.party}
        placeholder={t('common.choose')}
        options={usePartyOptions(props.agreement)}
        hint={t('forms.resolution.partyHint')}
        onChange={(party) => set({ party })}
      />
      <SelectField
        {...common}
        name="decision"
        label={t('forms.resolution.decision')}
        required
        value={values.decision}
        options={[
          { value: 'approved', label: t('decision.approved') },
          { value: 'rejected', label: t('decision.rejected') },
        ]}
        onChange={(decision) => set({ decision })}
      />
      <DateField
        {...common}
        name="resolvedOn"
        label={t('forms.resolution.resolvedOn')}
        required
        value={values.resolvedOn}
        onChange={(resolvedOn) => set({ resolvedOn })}
      />
      <TextField
        {...common}
        name="resolutionNumber"
        label={t('forms.resolution.number')}
        hint={t('forms.resolution.numberHint')}
        value={values.resolutionNumber}
        maxLength={LIMITS.shortText}
        onChange={(resolutionNumber) => set({ resolutionNumber })}
      />
    </FormShell>
  );
}

const CONCLUSION_FIELDS = [
  'concludedOn',
  'effectiveOn',
  'signatories.core.title',
  'signatories.core.name',
  'signatories.partner.title',
  'signatories.partner.name',
  'retroactive.reason',
] as const;

export function ConclusionForm(props: StepFormProps) {
  const { t } = useI18n();
  const formId = `conclusion-${props.proceedingId}`;
  const [values, setValues] = useState({
    concludedOn: '',
    effectiveOn: '',
    coreTitle: `${props.agreement.coreCity.name}長`,
    coreName: '',
    partnerTitle: `${props.agreement.partner.name}長`,
    partnerName: '',
    retroactiveReason: '',
  });
  const { state, submit } = useRecording({
    path: base(props, 'conclusion'),
    revision: props.revision,
    fields: CONCLUSION_FIELDS,
    onRecorded: props.onRecorded,
  });
  const set = (changes: Partial<typeof values>) => setValues({ ...values, ...changes });
  const common = { formId, errors: state.errors };
  const retroactive =
    values.effectiveOn !== '' && values.concludedOn !== '' && values.effectiveOn < values.concludedOn;
  return (
    <FormShell
      id={formId}
      title={t('forms.conclusion.title')}
      state={state}
      onSubmit={() => void submit(checkConclusion(values))}
      onReload={props.onReload}
      submitLabel={t('forms.conclusion.submit')}
    >
      <DateField
        {...common}
        name="concludedOn"
        label={t('forms.conclusion.concludedOn')}
        required
        value={values.concludedOn}
        onChange={(concludedOn) => set({ concludedOn })}
      />
      <DateField
        {...common}
        name="effectiveOn"
        label={t('forms.conclusion.effectiveOn')}
        hint={t('forms.conclusion.effectiveOnHint')}
        required
        value={values.effectiveOn}
        onChange={(effectiveOn) => set({ effectiveOn })}
      />
      <fieldset>
        <legend>{t('forms.conclusion.signatoryCore', { name: props.agreement.coreCity.name })}</legend>
        <TextField
          {...common}
          name="signatories.core.title"
          label={t('forms.conclusion.signatoryTitle')}
          required
          value={values.coreTitle}
          onChange={(coreTitle) => set({ coreTitle })}
        />
        <TextField
          {...common}
          name="signatories.core.name"
          label={t('forms.conclusion.signatoryName')}
          required
          value={values.coreName}
          onChange={(coreName) => set({ coreName })}
        />
      </fieldset>
      <fieldset>
        <legend>{t('forms.conclusion.signatoryPartner', { name: props.agreement.partner.name })}</legend>
        <TextField
          {...common}
          name="signatories.partner.title"
          label={t('forms.conclusion.signatoryTitle')}
          required
          value={values.partnerTitle}
          onChange={(partnerTitle) => set({ partnerTitle })}
        />
        <TextField
          {...common}
          name="signatories.partner.name"
          label={t('forms.conclusion.signatoryName')}
          required
          value={values.partnerName}
          onChange={(partnerName) => set({ partnerName })}
        />
      </fieldset>
      {retroactive ? (
        <TextField
          {...common}
          name="retroactive.reason"
          label={t('forms.conclusion.retroactiveReason')}
          hint={t('forms.conclusion.retroactiveHint')}
          required
          multiline
          value={values.retroactiveReason}
          onChange={(retroactiveReason) => set({ retroactiveReason })}
        />
      ) : null}
    </FormShell>
  );
}

const NOTICE_FIELDS = ['party', 'noticeNumber', 'publishedOn'] as const;

export function PublicNoticeForm(props: StepFormProps & { missingParties: readonly PartyRole[] }) {
  const { t } = useI18n();
  const formId = `notice-${props.proceedingId}`;
  const preselected =
    props.ownParty ?? (props.missingParties.length === 1 ? props.missingParties[0] : undefined);
  const [values, setValues] = useState({ party: preselected ?? '', noticeNumber: '', publishedOn: '' });
  const { state, submit } = useRecording({
    path: base(props, 'public-notices'),
    revision: props.revision,
    fields: NOTICE_FIELDS,
    onRecorded: props.onRecorded,
  });
  const set = (changes: Partial<typeof values>) => setValues({ ...values, ...changes });
  const common = { formId, errors: state.errors };
  return (
    <FormShell
      id={formId}
      title={t('forms.notice.title')}
      state={state}
      onSubmit={() => void submit(checkPublicNotice(values))}
      onReload={props.onReload}
      submitLabel={t('forms.notice.submit')}
    >
      <SelectField
        {...common}
        name="party"
        label={t('forms.party')}
        required
        value={values.party}
        placeholder={t('common.choose')}
        options={usePartyOptions(props.agreement)}
        onChange={(party) => set({ party })}
      />
      <TextField
        {...common}
        name="noticeNumber"
        label={t('forms.notice.number')}
        hint={t('forms.notice.numberHint')}
        required
        maxLength={LIMITS.shortText}
        value={values.noticeNumber}
        onChange={(noticeNumber) => set({ noticeNumber })}
      />
      <DateField
        {...common}
        name="publishedOn"
        label={t('forms.notice.publishedOn')}
        required
        value={values.publishedOn}
        onChange={(publishedOn) => set({ publishedOn })}
      />
    </FormShell>
  );
}

const NOTIFICATION_FIELDS = ['filedBy', 'documentNumber', 'notifiedOn'] as const;

/**
 * 届出: by one party for itself, or both in one filing (連名). A clerk files its own municipality's;
 * where only one party's is missing, that party is preselected; otherwise the joint filing.
 */
export function GovernorNotificationForm(props: StepFormProps & { missingParties: readonly PartyRole[] }) {
  const { t } = useI18n();
  const formId = `notification-${props.proceedingId}`;
  const preselected =
    props.ownParty ?? (props.missingParties.length === 1 ? props.missingParties[0] : undefined) ?? 'joint';
  const [values, setValues] = useState({ filedBy: preselected, documentNumber: '', notifiedOn: '' });
  const { state, submit } = useRecording({
    path: base(props, 'governor-notification'),
    revision: props.revision,
    fields: NOTIFICATION_FIELDS,
    onRecorded: props.onRecorded,
  });
  const set = (changes: Partial<typeof values>) => setValues({ ...values, ...changes });
  const common = { formId, errors: state.errors };
  const { agreement } = props;
  const options = useMemo(
    () => [
      {
        value: 'joint',
        label: t('forms.notification.joint', {
          core: agreement.coreCity.name,
          partner: agreement.partner.name,
        }),
      },
      { value: 'core', label: t('party.core', { name: agreement.coreCity.name }) },
      { value: 'partner', label: t('party.partner', { name: agreement.partner.name }) },
    ],
    [t, agreement],
  );
  return (
    <FormShell
      id={formId}
      title={t('forms.notification.title')}
      state={state}
      onSubmit={() => void submit(checkGovernorNotification(values))}
      onReload={props.onReload}
      submitLabel={t('forms.notification.submit')}
    >
      <SelectField
        {...common}
        name="filedBy"
        label={t('forms.notification.filedBy')}
        hint={t('forms.notification.filedByHint')}
        required
        value={values.filedBy}
        options={options}
        onChange={(filedBy) => set({ filedBy })}
      />
      <TextField
        {...common}
        name="documentNumber"
        label={t('forms.notification.documentNumber')}
        hint={t('forms.notification.documentNumberHint')}
        required
        maxLength={LIMITS.shortText}
        value={values.documentNumber}
        onChange={(documentNumber) => set({ documentNumber })}
      />
      <DateField
        {...common}
        name="notifiedOn"
        label={t('forms.notification.notifiedOn')}
        required
        value={values.notifiedOn}
        onChange={(notifiedOn) => set({ notifiedOn })}
      />
    </FormShell>
  );
}
