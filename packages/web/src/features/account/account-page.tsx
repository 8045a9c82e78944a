// My account: who I am, and enrolment of a TOTP second factor (the secret is stored only after a
// valid code from the authenticator app proves it was copied correctly).
import { useState, type FormEvent } from 'react';
import { send } from '../../api/api-client.ts';
import { roleName } from '../../api/roles.ts';
import { useMe } from '../../app/session.tsx';
import { ErrorBanner, Field, Page } from '../../components/ui.tsx';

export function AccountPage() {
  const me = useMe();
  const [setup, setSetup] = useState<{ secret: string; uri: string }>();
  const [code, setCode] = useState('');
  const [done, setDone] = useState(me.totp);
  const [error, setError] = useState<Error>();
  const begin = async () => {
    try {
      setSetup(await send<{ secret: string; uri: string }>('POST', '/v1/auth/totp/setup'));
    } catch (e) {
      setError(e as Error);
    }
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await send('POST', '/v1/auth/totp/enable', { secret: setup!.secret, code });
      setDone(true);
      setSetup(undefined);
      setError(undefined);
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <Page title="My account">
      <p>
        Signed in as <strong>{me.username}</strong>, {roleName(me.role)}.
      </p>
      <h2>Second factor</h2>
      <ErrorBanner error={error} />
      {done ? (
        <p className="banner ok">A TOTP authenticator is enrolled: sign-in asks for its code.</p>
      ) : setup ? (
        <form onSubmit={(e) => void confirm(e)} aria-label="Confirm the authenticator">
          <p>
            Add this secret to your authenticator app:{' '}
            <code data-testid="totp-secret">{setup.secret}</code>
            <br />
            <span className="muted">or the URI {setup.uri}</span>
          </p>
          <Field label="Code from the app">
            <input
              name="totp-code"
              inputMode="numeric"
              pattern="[0-9]{6}"
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </Field>
          <button type="submit" className="primary">
            Enable second factor
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => void begin()}>
          Set up an authenticator app
        </button>
      )}
    </Page>
  );
}
