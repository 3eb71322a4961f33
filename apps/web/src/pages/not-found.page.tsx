import { PageTitle } from '../components/page-title.component';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';

export function NotFoundPage({ path }: { path: string }) {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('notFound.title')} />
      <p>{t('notFound.lead', { path })}</p>
      <p>
        <Link to="/">{t('nav.home')}</Link>
      </p>
    </>
  );
}
