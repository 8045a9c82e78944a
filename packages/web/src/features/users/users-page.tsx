// Users and tokens (admins only; the server refuses everyone else): people who sign in, their
// roles and state, their live sessions (revocable), and API tokens for agents and scripts.
import { useState, type FormEvent } from 'react';
import { getJson, send } from '../../api/api-client.ts';
import type { Role, SessionView, UserView } from '../../api/api-types.ts';
import { ROLES, roleName } from '../../api/roles.ts';
import { useMe } from '../../app/session.tsx';
import { ErrorBanner, Field, Page, Time } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';

function NewUser({ onDone }: { onDone: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('auditor');
  const [error, setError] = useState<Error>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await send('POST', '/v1/users', { username, password, role });
      setUsername('');
      setPassword('');
      setError(undefined);
      onDone();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Add a user">
      <Field label="Username">
        <input
          name="new-username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </Field>
      <Field label="Initial password" hint="at least 12 characters">
        <input
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Field label="Role">
        <select name="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="primary">
        Add user
      </button>
      <ErrorBanner error={error} />
    </form>
  );
}

function NewToken() {
  const [name, setName] = useState('');
  const [role, setRole] = useState('ingest');
  const [token, setToken] = useState<string>();
  const [error, setError] = useState<Error>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setToken((await send<{ token: string }>('POST', '/v1/tokens', { name, role })).token);
      setError(undefined);
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Create an API token">
      <Field label="Token name">
        <input name="token-name" required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Token role">
        <select name="token-role" value={role} onChange={(e) => setRole(e.target.value)}>
          {['ingest', 'monitor', ...ROLES].map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </Field>
      <button type="submit">Create token</button>
      {token && (
        <p role="status" className="banner ok">
          Shown once — copy it now: <code data-testid="new-token">{token}</code>
        </p>
      )}
      <ErrorBanner error={error} />
    </form>
  );
}

export function UsersPage() {
  const me = useMe();
  const users = useAsync(() => getJson<{ users: UserView[] }>('/v1/users'), []);
  const sessions = useAsync(() => getJson<{ sessions: SessionView[] }>('/v1/sessions'), []);
  const [error, setError] = useState<Error>();
  const act = async (path: string, body?: unknown) => {
    try {
      await send('POST', path, body);
      setError(undefined);
    } catch (err) {
      setError(err as Error);
    }
    users.reload();
    sessions.reload();
  };
  return (
    <Page title="Users and tokens">
      <ErrorBanner error={users.error ?? sessions.error ?? error} />
      <h2>Users</h2>
      <NewUser onDone={users.reload} />
      <table aria-label="Users">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Second factor</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(users.data?.users ?? []).map((u) => (
            <tr key={u.username}>
              <td>{u.username}</td>
              <td>
                {u.username === me.username ? (
                  roleName(u.role)
                ) : (
                  <select
                    aria-label={`Role of ${u.username}`}
                    value={u.role}
                    onChange={(e) =>
                      void act(`/v1/users/${encodeURIComponent(u.username)}/role`, {
                        role: e.target.value,
                      })
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {roleName(r)}
                      </option>
                    ))}
                  </select>
                )}
              </td>
              <td>
                {u.disabled ? (
                  'disabled'
                ) : u.locked_until ? (
                  <>
                    locked until <Time iso={u.locked_until} />
                  </>
                ) : (
                  'active'
                )}
              </td>
              <td>{u.totp ? 'TOTP' : 'none'}</td>
              <td>
                {u.username !== me.username && (
                  <button
                    type="button"
                    onClick={() =>
                      void act(
                        `/v1/users/${encodeURIComponent(u.username)}/${u.disabled ? 'enable' : 'disable'}`,
                      )
                    }
                  >
                    {u.disabled ? 'Enable' : 'Disable'} {u.username}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Live sessions</h2>
      <table aria-label="Sessions">
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">User</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(sessions.data?.sessions ?? []).map((s) => (
            <tr key={s.id}>
              <td>
                <code>{s.id}</code>
              </td>
              <td>{s.username}</td>
              <td>
                <Time iso={s.created} />
              </td>
              <td>
                <Time iso={s.last_seen} />
              </td>
              <td>
                <button type="button" onClick={() => void act(`/v1/sessions/${s.id}/revoke`)}>
                  Revoke session of {s.username}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>API tokens</h2>
      <NewToken />
    </Page>
  );
}
