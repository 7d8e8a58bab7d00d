import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, SESSION_ENDED, type User } from '../api/client';
import { ApiProblem } from '../api/problem';

interface Auth {
  /** undefined while the session is being checked, null when signed out. */
  user: User | null | undefined;
  error: ApiProblem | undefined;
  refresh: () => Promise<User | null>;
  setUser: (user: User | null) => void;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState<ApiProblem>();

  const refresh = useCallback(async () => {
    try {
      const me = await call(api.GET('/api/v1/me'));
      setUser(me);
      setError(undefined);
      return me;
    } catch (cause) {
      if (cause instanceof ApiProblem && cause.status === 401) {
        setUser(null);
        setError(undefined);
        return null;
      }
      setError(cause instanceof ApiProblem ? cause : new ApiProblem(0, {}));
      setUser(null);
      return null;
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await call(api.POST('/api/v1/auth/logout'));
    } finally {
      setUser(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // An expired session anywhere signs the user out here, so protected routes send them to sign in again.
  useEffect(() => {
    const ended = () => setUser((current) => (current ? null : current));
    window.addEventListener(SESSION_ENDED, ended);
    return () => window.removeEventListener(SESSION_ENDED, ended);
  }, []);

  const value = useMemo(() => ({ user, error, refresh, setUser, signOut }), [user, error, refresh, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
