// A one-time enrollment token for a new agent (POST /v1/agents/enrollment-tokens), shown once:
// the server keeps only its hash. For security officers and admins only.
import { useState, type FormEvent } from 'react';
import { send } from '../../api/api-client.ts';
import { ErrorBanner, Field } from '../../components/ui.tsx';

export function EnrollmentToken() {
  const [name, setName] = useState('');
  const [group, setGroup] = useState('');
  const [token, setToken] = useState<{ token: string; expires?: string }>();
  const [error, setError] = useState<Error>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setToken(
        await send('POST', '/v1/agents/enrollment-tokens', {
          ...(name && { name }),
          ...(group && { group }),
        }),
      );
      setError(undefined);
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <section aria-labelledby="enroll-title">
      <h2 id="enroll-title">Enroll an agent</h2>
      <form
        className="inline-form"
        aria-label="Create an enrollment token"
        onSubmit={(e) => void submit(e)}
      >
        <Field label="Agent name (optional)">
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Group (optional)">
          <input name="group" value={group} onChange={(e) => setGroup(e.target.value)} />
        </Field>
        <button type="submit">Create enrollment token</button>
      </form>
      <ErrorBanner error={error} />
      {token && (
        <p className="banner ok" role="status">
          Token (shown once): <code data-testid="enrollment-token">{token.token}</code>
          {token.expires && <> · expires {token.expires}</>}
        </p>
      )}
    </section>
  );
}
