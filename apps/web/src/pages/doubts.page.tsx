/**
 * 疑義 (第6条) of an agreement. Not public: the API shows them to the parties' clerks, the
 * secretariat and admins only, so the page asks to sign in and shows the API's answer otherwise.
 * Those who may raise one (a party's clerk for its own municipality, the secretariat, admins) get
 * the form.
 */
import type { AgreementSummary, DoubtListItem, Page } from '../api/api-types';
import { useApi } from '../api/use-api';
import { AgreementFrame } from '../components/agreement-frame.component';
import { Loading, ProblemAlert, Section } from '../components/common.component';
import { DoubtsTable } from '../components/doubts-table.component';
import { DoubtForm } from '../forms/doubt-form.component';
import { useI18n } from '../i18n/i18n';
import { mayRecord, partyOf } from '../lib/permissions';
import { Link } from '../router';
import { useSession } from '../session';

export function DoubtsPage({ agreementId }: { agreementId: string }) {
  return (
    <AgreementFrame agreementId={agreementId} current="doubts">
      {({ summary }) => <Doubts agreement={summary} />}
    </AgreementFrame>
  );
}

export function SignInFirst({ returnTo, message }: { returnTo: string; message: string }) {
  const { t } = useI18n();
  return (
    <p className="alert alert-info">
      {message} <Link to={`/sign-in?return=${encodeURIComponent(returnTo)}`}>{t('nav.signIn')}</Link>
    </p>
  );
}

function Doubts({ agreement }: { agreement: AgreementSummary }) {
  const { t } = useI18n();
  const { session } = useSession();
  const agreementId = agreement.agreementId;
  const doubts = useApi<Page<DoubtListItem>>(
    session === null ? null : `/agreements/${agreementId}/doubts?limit=500`,
  );
  if (session === null) {
    return <SignInFirst returnTo={`/agreements/${agreementId}/doubts`} message={t('doubts.signIn')} />;
  }
  const ownParty = partyOf(session.municipalityCode, agreement);
  const mayRaise = mayRecord(session.role, 'doubt') && (session.role !== 'clerk' || ownParty !== undefined);
  return (
    <>
      <section aria-labelledby="doubts-heading" className="panel">
        <h2 id="doubts-heading">{t('doubts.heading')}</h2>
        {doubts.state === 'loading' ? <Loading /> : null}
        {doubts.state === 'error' ? <ProblemAlert error={doubts.error} /> : null}
        {doubts.state === 'ok' && doubts.data.items.length === 0 ? <p>{t('doubts.none')}</p> : null}
        {doubts.state === 'ok' && doubts.data.items.length > 0 ? (
          <DoubtsTable items={doubts.data.items} />
        ) : null}
      </section>
      {mayRaise ? (
        <Section id="raise-doubt-heading" title={t('doubtForm.heading')}>
          <DoubtForm
            agreement={agreement}
            ownCode={ownParty === undefined ? undefined : session.municipalityCode}
            onRecorded={doubts.reload}
          />
        </Section>
      ) : null}
    </>
  );
}
