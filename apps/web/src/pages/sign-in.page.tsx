/**
 * Sign in with a bearer token (issued with the CLI; the demo writes one per role to
 * demo-tokens.json). The token is checked against the API before it is kept; the role and, for a
 * clerk, the municipality choose which recording forms the pages offer — the API decides what the
 * token may really record and says so when it refuses.
 */
import { type FormEvent, useState } from 'react';
import { ApiError, apiGet } from '../api/api-client';
import type { AgreementListItem, Page, Party, Role } from '../api/api-types';
import { useApi } from '../api/use-api';
import { ProblemAlert } from '../components/common.component';
import { PageTitle } from '../components/page-title.component';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';

const ROLES: readonly Role[] = ['clerk', 'secretariat', 'admin', 'reader'];
const TOKEN_PATTERN = /^[A-Za-z0-9_.~+/=-]+$/;

/** Where to go after signing in: a path inside the application only. */
function returnPath(value: string | null): string {
  return value !== null && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function SignInPage() {
  const { t } = useI18n();
  const { session, signIn } = useSession();
  const { query } = useLocation();
  const agreements = useApi<Page<AgreementListItem>>('/agreements?limit=500');
  const parties: Party[] = [];
  if (agreements.state === 'ok') {
    for (const a of agreements.data.items) {
      for (const party of [a.coreCity, a.partner]) {
        if (!parties.some((p) => p.code === party.code)) parties.push(party);
      }
    }
  }

  const [token, setToken] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [code, setCode] = useState('');
  const [issues, setIssues] = useState<Partial<Record<'token' | 'code', MessageKey>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<'token' | 'code', MessageKey>> = {};
    const trimmed = token.trim();
    if (trimmed === '') found.token = 'validation.required';
    else if (!TOKEN_PATTERN.test(trimmed)) found.token = 'signIn.tokenFormat';
    if (role === 'clerk' && code === '') found.code = 'validation.choose';
    setIssues(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      // Any read with the token: the API answers 401 for an unknown or revoked one.
      await apiGet('/agreements?limit=1', trimmed);
      signIn({ token: trimmed, role, ...(role === 'clerk' ? { municipalityCode: code } : {}) });
      navigate(returnPath(query.get('return')));
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
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
        <div className="field">
          <label htmlFor="token">{t('signIn.token')}</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            aria-invalid={issues.token !== undefined}
            aria-describedby={issues.token === undefined ? 'token-hint' : 'token-hint token-error'}
            onChange={(e) => setToken(e.target.value)}
          />
          <p id="token-hint" className="hint">
            {t('signIn.tokenHint')}
          </p>
          {issues.token === undefined ? null : (
            <p id="token-error" className="field-error">
              {t(issues.token)}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="role">{t('signIn.role')}</label>
          <select
            id="role"
            name="role"
            value={role}
            onChange={(e) => setRole(ROLES.find((r) => r === e.target.value) ?? 'reader')}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {role === 'clerk' ? (
          <div className="field">
            <label htmlFor="municipality">{t('signIn.municipality')}</label>
            <select
              id="municipality"
              name="municipalityCode"
              value={code}
              aria-invalid={issues.code !== undefined}
              {...(issues.code === undefined ? {} : { 'aria-describedby': 'municipality-error' })}
              onChange={(e) => setCode(e.target.value)}
            >
              <option value="">{t('common.choose')}</option>
              {parties.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}（{p.code}）
                </option>
              ))}
            </select>
            {issues.code === undefined ? null : (
              <p id="municipality-error" className="field-error">
                {t(issues.code)}
              </p>
            )}
          </div>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </>
  );
}
