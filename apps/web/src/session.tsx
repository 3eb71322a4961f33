/**
 * Who is signed in: the bearer token, and the role and municipality the API answered for it at
 * sign-in (GET /auth/whoami). They choose which forms to offer; the API authenticates the token on
 * every request and decides what it may record. The token lives in sessionStorage: it is gone when
 * the tab is closed.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import type { Role } from './api/api-types';

export interface Session {
  token: string;
  role: Role;
  /** For a clerk: the 全国地方公共団体コード of their municipality. */
  municipalityCode?: string;
}

const STORAGE_KEY = 'kyoyaku.session';
const ROLES: readonly Role[] = ['reader', 'clerk', 'secretariat', 'admin'];

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function load(): Session | null {
  try {
    const parsed: unknown = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const token: unknown = Reflect.get(parsed, 'token');
    const role: unknown = Reflect.get(parsed, 'role');
    const code: unknown = Reflect.get(parsed, 'municipalityCode');
    if (typeof token !== 'string' || !isRole(role)) return null;
    return { token, role, ...(typeof code === 'string' ? { municipalityCode: code } : {}) };
  } catch {
    return null;
  }
}

interface SessionContextValue {
  session: Session | null;
  signIn: (session: Session) => void;
  signOut: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(load);
  const signIn = useCallback((next: Session) => {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    window.sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
  }, []);
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}
