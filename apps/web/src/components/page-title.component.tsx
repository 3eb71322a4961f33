import { type ReactNode, useEffect } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * The page's one <h1> (focusable, so navigation can move the focus to it) and the document title
 * (`<title> — 協約台帳`), which screen readers announce and browser history lists.
 */
export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} — ${t('app.title')}`;
  }, [title, t]);
  return (
    <h1 tabIndex={-1} className="page-title">
      {children ?? title}
    </h1>
  );
}
