/**
 * The application shell: a skip link, the header (navigation, sign-in state, language switch), and
 * the page for the current address. On each navigation the new page's heading takes the focus and
 * the document title changes, so keyboard and screen-reader users know where they are.
 */
import { useEffect, useRef } from 'react';
import { DemoBanner } from './components/demo-banner.component';
import { useI18n } from './i18n/i18n';
import { matchRoute, type Route } from './lib/routes';
import { AgreementPage } from './pages/agreement.page';
import { ComparisonPage } from './pages/comparison.page';
import { ConsultationsPage } from './pages/consultations.page';
import { CostSharesPage } from './pages/cost-shares.page';
import { DossierPage } from './pages/dossier.page';
import { DoubtsPage } from './pages/doubts.page';
import { HistoryPage } from './pages/history.page';
import { HomePage } from './pages/home.page';
import { LedgerPage } from './pages/ledger.page';
import { NotFoundPage } from './pages/not-found.page';
import { ProceedingsPage } from './pages/proceedings.page';
import { RegionPage } from './pages/region.page';
import { SearchPage } from './pages/search.page';
import { SignInPage } from './pages/sign-in.page';
import { hasNavigatedInApp, Link, useLocation } from './router';
import { useSession } from './session';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'region':
      return <RegionPage regionId={route.regionId} />;
    case 'cost-shares':
      return <CostSharesPage regionId={route.regionId} />;
    case 'consultations':
      return <ConsultationsPage regionId={route.regionId} />;
    case 'agreement':
      return <AgreementPage agreementId={route.agreementId} />;
    case 'history':
      return <HistoryPage agreementId={route.agreementId} />;
    case 'comparison':
      return <ComparisonPage agreementId={route.agreementId} />;
    case 'proceedings':
      return <ProceedingsPage agreementId={route.agreementId} />;
    case 'doubts':
      return <DoubtsPage agreementId={route.agreementId} />;
    case 'dossier':
      return <DossierPage doubtId={route.doubtId} />;
    case 'ledger':
      return <LedgerPage />;
    case 'search':
      return <SearchPage />;
    case 'sign-in':
      return <SignInPage />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}

function Header() {
  const { t, lang, setLang } = useI18n();
  const { session, signOut } = useSession();
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="site-title">
          {t('app.title')}
          <span className="site-subtitle">{t('app.subtitle')}</span>
        </Link>
        <nav aria-label={t('nav.label')}>
          <ul className="site-nav">
            <li>
              <Link to="/">{t('nav.home')}</Link>
            </li>
            <li>
              <Link to="/search">{t('nav.search')}</Link>
            </li>
            <li>
              <Link to="/ledger">{t('nav.ledger')}</Link>
            </li>
            <li>
              {session === null ? (
                <Link to="/sign-in">{t('nav.signIn')}</Link>
              ) : (
                <span className="signed-in">
                  <span>
                    {t('nav.signedInAs', {
                      role: t(`role.${session.role}`),
                      code: session.municipalityCode ?? '',
                    })}
                  </span>{' '}
                  <button type="button" className="link-button" onClick={signOut}>
                    {t('nav.signOut')}
                  </button>
                </span>
              )}
            </li>
            <li>
              <button
                type="button"
                className="language-switch"
                lang={lang === 'ja' ? 'en' : 'ja'}
                onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}
              >
                {lang === 'ja' ? 'English' : '日本語'}
              </button>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

export function App() {
  const { t } = useI18n();
  const location = useLocation();
  const route = matchRoute(location.path);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    // Only after moving inside the application: on a fresh load the browser starts at the top and
    // screen readers announce the page; a replaced address (a changed date) keeps the focus where it is.
    if (hasNavigatedInApp()) main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [location.path]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header />
      <main id="main" ref={main} tabIndex={-1}>
        <DemoBanner />
        <Page route={route} />
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
