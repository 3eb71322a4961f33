/**
 * Sign in with a bearer token (issued with the CLI; the demo writes one per role to
 * demo-tokens.json). The API checks the token and answers who it is (GET /auth/whoami: role and,
 * for a clerk, municipality), which chooses the recording forms the pages offer — the API decides
 * what the token may really record and says so when it refuses.
 */
import { type FormEvent, useState } from 'react';
import { ApiError, apiGet } from '../api/api-client';
import type { Whoami } from '../api/api-types';
import { ProblemAlert } from '../components/common.component';
import { PageTitle } from '../components/page-title.component';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';

const TOKEN_PATTERN = /^[A-Za-z0-9_.~+/=-]+$/;

/** Where to go after signing in: a path inside the application only. */
function returnPath(value: string | null): string {
  return value !== null && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function SignInPage() {
  const { t } = useI18n();
  const { session, signIn } = useSession();
  const { query } = useLocation();
  const [token, setToken] = useState('');
  const [issue, setIssue] = useState<MessageKey | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    const found: MessageKey | null =
      trimmed === '' ? 'validation.required' : TOKEN_PATTERN.test(trimmed) ? null : 'signIn.tokenFormat';
    setIssue(found);
    setError(null);
    if (found !== null) return;
    setBusy(true);
    try {
      // 401 for an unknown, revoked or malformed token; otherwise who it is.
      const { data } = await apiGet<Whoami>('/auth/whoami', trimmed);
      signIn({
        token: trimmed,
        role: data.role,
        ...(data.municipalityCode === null ? {} : { municipalityCode: data.municipalityCode }),
      });
      navigate(returnPath(query.get('return')));
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
      else throw caught;
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle title={t('signIn.title')} />
      <p className="lead">{t('signIn.lead')}</p>
      {session === null ? null : (
        <p className="alert alert-info" role="status">
          {t('signIn.already', { role: t(`role.${session.role}`) })}
        </p>
      )}
      <form
        className="panel form"
        noValidate
        onSubmit={(event) => void submit(event)}
        aria-labelledby="sign-in-heading"
      >
        <h2 id="sign-in-heading">{t('signIn.form')}</h2>
        {error === null ? null : <ProblemAlert error={error} lead={t('signIn.refused')} />}
        <div className={`field${issue === null ? '' : ' field-invalid'}`}>
          <label htmlFor="token">{t('signIn.token')}</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            aria-invalid={issue !== null}
            aria-describedby={issue === null ? 'token-hint' : 'token-hint token-error'}
            onChange={(e) => setToken(e.target.value)}
          />
          <p id="token-hint" className="hint">
            {t('signIn.tokenHint')}
          </p>
          {issue === null ? null : (
            <p id="token-error" className="field-error">
              {t(issue)}
            </p>
          )}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </>
  );
}
