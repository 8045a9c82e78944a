// Who is signed in. The session cookie is HttpOnly, so the app asks GET /v1/auth/me once; a
// readable hint cookie (kw_signed_in, no secret) says whether asking is worth it, so a signed-out
// visitor does not produce a 401 on every load.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { getJson, send, setCsrfToken, SIGNED_OUT } from '../api/api-client.ts';
import type { Me } from '../api/api-types.ts';

interface SessionState {
  me: Me | null;
  loading: boolean;
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);
const HINT = 'kw_signed_in';

const hasHint = () => document.cookie.split('; ').some((c) => c.startsWith(`${HINT}=`));
const setHint = (on: boolean) => {
  document.cookie = on
    ? `${HINT}=1; path=/; SameSite=Strict`
    : `${HINT}=; path=/; SameSite=Strict; max-age=0`;
};

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(hasHint());

  const signedIn = useCallback((m: Me) => {
    setCsrfToken(m.csrf_token);
    setHint(true);
    setMe(m);
  }, []);
  const clear = useCallback(() => {
    setCsrfToken(null);
    setHint(false);
    setMe(null);
  }, []);

  useEffect(() => {
    if (hasHint())
      getJson<Me>('/v1/auth/me')
        .then(signedIn, clear)
        .finally(() => setLoading(false));
    window.addEventListener(SIGNED_OUT, clear);
    return () => window.removeEventListener(SIGNED_OUT, clear);
  }, [signedIn, clear]);

  const signOut = useCallback(async () => {
    try {
      await send('POST', '/v1/auth/logout');
    } finally {
      clear();
    }
  }, [clear]);

  return (
    <SessionContext.Provider value={{ me, loading, signedIn, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in person (pages render only inside a session). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('no session');
  return me;
}
