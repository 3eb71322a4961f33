/**
 * A small history-API router: the address bar is the state (page and query), links are real <a>
 * elements (open in a new tab, copy the address), and a plain click navigates without a reload.
 */
import { type AnchorHTMLAttributes, type MouseEvent, type ReactNode, useSyncExternalStore } from 'react';
import { appPath, href } from './lib/routes';

const NAVIGATED = 'kyoyaku:navigated';

/** Whether the page changed inside the application (a link, back/forward) since it was loaded. */
let navigatedInApp = false;

export function hasNavigatedInApp(): boolean {
  return navigatedInApp;
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    navigatedInApp = true;
  });
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export interface Location {
  /** The path inside the application: `/agreements/aomori-hiranai`. */
  path: string;
  query: URLSearchParams;
}

export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(current, window.location.origin);
  return { path: appPath(url.pathname), query: url.searchParams };
}

/** Goes to a path inside the application (`/ledger`, `/agreements/x?asOf=…`). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = href(to);
  if (target === snapshot()) return;
  if (options.replace === true) window.history.replaceState(null, '', target);
  else {
    window.history.pushState(null, '', target);
    navigatedInApp = true;
  }
  window.dispatchEvent(new Event(NAVIGATED));
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target !== undefined && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
