/**
 * The pages and their addresses. The application lives under /app/ so that none of its addresses
 * can collide with an API route (/agreements, /regions … stay the API's): the server answers any
 * GET under /app/ with the page shell, and everything else is the API, unknown paths included.
 */

export const APP_BASE = '/app';

export type Route =
  | { page: 'home' }
  | { page: 'region'; regionId: string }
  | { page: 'cost-shares'; regionId: string }
  | { page: 'consultations'; regionId: string }
  | { page: 'agreement'; agreementId: string }
  | { page: 'history'; agreementId: string }
  | { page: 'comparison'; agreementId: string }
  | { page: 'proceedings'; agreementId: string }
  | { page: 'doubts'; agreementId: string }
  | { page: 'dossier'; doubtId: string }
  | { page: 'ledger' }
  | { page: 'search' }
  | { page: 'sign-in' }
  | { page: 'not-found'; path: string };

const ID = '([a-z0-9][a-z0-9-]{0,63})';

const PATTERNS: readonly [RegExp, (id: string) => Route][] = [
  [new RegExp(`^/regions/${ID}$`), (regionId) => ({ page: 'region', regionId })],
  [new RegExp(`^/regions/${ID}/cost-shares$`), (regionId) => ({ page: 'cost-shares', regionId })],
  [new RegExp(`^/regions/${ID}/consultations$`), (regionId) => ({ page: 'consultations', regionId })],
  [new RegExp(`^/agreements/${ID}$`), (agreementId) => ({ page: 'agreement', agreementId })],
  [new RegExp(`^/agreements/${ID}/history$`), (agreementId) => ({ page: 'history', agreementId })],
  [new RegExp(`^/agreements/${ID}/comparison$`), (agreementId) => ({ page: 'comparison', agreementId })],
  [new RegExp(`^/agreements/${ID}/proceedings$`), (agreementId) => ({ page: 'proceedings', agreementId })],
  [new RegExp(`^/agreements/${ID}/doubts$`), (agreementId) => ({ page: 'doubts', agreementId })],
  [new RegExp(`^/doubts/${ID}$`), (doubtId) => ({ page: 'dossier', doubtId })],
];

/** The page at a path inside the application (`/agreements/aomori-hiranai`, without /app). */
export function matchRoute(path: string): Route {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed === '' || trimmed === '/') return { page: 'home' };
  if (trimmed === '/ledger') return { page: 'ledger' };
  if (trimmed === '/search') return { page: 'search' };
  if (trimmed === '/sign-in') return { page: 'sign-in' };
  for (const [pattern, route] of PATTERNS) {
    const id = pattern.exec(trimmed)?.[1];
    if (id !== undefined) return route(id);
  }
  return { page: 'not-found', path };
}

/** The path inside the application for a browser path (`/app/ledger` → `/ledger`). */
export function appPath(browserPath: string): string {
  if (browserPath === APP_BASE) return '/';
  return browserPath.startsWith(`${APP_BASE}/`) ? browserPath.slice(APP_BASE.length) : browserPath;
}

/** The browser address of a path inside the application. */
export function href(path: string): string {
  return `${APP_BASE}${path.startsWith('/') ? path : `/${path}`}`;
}
