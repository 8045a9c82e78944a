// Sign-in: username and password, then — for an account with a second factor — the TOTP code.
// Errors say what happened (wrong credentials, locked until …) without telling which part was wrong.
import { useState, type FormEvent } from 'react';
import { ApiError, getJson, send, setCsrfToken } from '../../api/api-client.ts';
import type { Me } from '../../api/api-types.ts';
import { useSession } from '../../app/session.tsx';
import { Field } from '../../components/ui.tsx';

export function SignInPage() {
  const { signedIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await send<{ csrf_token: string }>('POST', '/v1/auth/login', {
        username,
        password,
        ...(needTotp && { totp }),
      });
      setCsrfToken(r.csrf_token);
      signedIn(await getJson<Me>('/v1/auth/me'));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TOTP_REQUIRED') {
        setNeedTotp(true);
        setError('Enter the code from your authenticator app.');
      } else setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to keywatch</h1>
        <Field label="Username">
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </Field>
        <Field label="Password">
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {needTotp && (
          <Field label="Authenticator code">
            <input
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              required
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
              autoFocus
            />
          </Field>
        )}
        {error && (
          <p role="alert" className="banner error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
