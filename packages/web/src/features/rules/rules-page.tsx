// Rules: every rule the detection engine runs, for every reader; security officers and admins
// also write, replace and delete site rules (Sigma YAML). A rule that does not parse is refused
// by the server with its line, and shown here as such.
import { useState, type FormEvent } from 'react';
import { getJson, send } from '../../api/api-client.ts';
import type { Rule } from '../../api/api-types.ts';
import { can } from '../../api/roles.ts';
import { useMe } from '../../app/session.tsx';
import { Badge, ErrorBanner, Field, Loading, Page } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';

const TEMPLATE = `title: Example site rule
id: 00000000-0000-4000-8000-000000000000
status: experimental
logsource:
  product: keywatch
detection:
  selection:
    type: key.export
  condition: selection
level: high
`;

function SiteRuleEditor({ onSaved }: { onSaved: () => void }) {
  const site = useAsync(
    () => getJson<{ rules: { name: string; text: string }[] }>('/v1/rules/site'),
    [],
  );
  const [name, setName] = useState('');
  const [text, setText] = useState(TEMPLATE);
  const [error, setError] = useState<Error>();
  const [saved, setSaved] = useState<string>();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await send('PUT', `/v1/rules/site/${encodeURIComponent(name)}`, { text });
      setError(undefined);
      setSaved(`Saved site rule ${name}.`);
      site.reload();
      onSaved();
    } catch (err) {
      setError(err as Error);
      setSaved(undefined);
    }
  };
  const remove = async (n: string) => {
    try {
      await send('DELETE', `/v1/rules/site/${encodeURIComponent(n)}`);
      site.reload();
      onSaved();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <section aria-labelledby="site-rules" className="card">
      <h2 id="site-rules">Site rules</h2>
      <ul>
        {(site.data?.rules ?? []).map((r) => (
          <li key={r.name}>
            <button
              type="button"
              className="link"
              onClick={() => {
                setName(r.name);
                setText(r.text);
              }}
            >
              {r.name}
            </button>{' '}
            <button
              type="button"
              onClick={() => void remove(r.name)}
              aria-label={`Delete site rule ${r.name}`}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void save(e)} aria-label="Edit a site rule">
        <Field label="Name" hint="letters, digits, . _ -">
          <input
            name="rule-name"
            required
            pattern="[A-Za-z0-9_.\-]{1,100}"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field label="Rule (Sigma YAML)">
          <textarea
            name="rule-text"
            className="code"
            rows={12}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
          />
        </Field>
        <ErrorBanner error={error} />
        {saved && (
          <p role="status" className="banner ok">
            {saved}
          </p>
        )}
        <button type="submit" className="primary">
          Save site rule
        </button>
      </form>
    </section>
  );
}

export function RulesPage() {
  const me = useMe();
  const rules = useAsync(() => getJson<{ rules: Rule[] }>('/v1/rules'), []);
  return (
    <Page title="Rules">
      {can.editRules(me.role) ? (
        <SiteRuleEditor onSaved={rules.reload} />
      ) : (
        <p className="muted">Read only: rules are changed by security officers.</p>
      )}
      <ErrorBanner error={rules.error} />
      {rules.loading && !rules.data && <Loading what="rules" />}
      {rules.data && (
        <table aria-label="Detection rules">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Level</th>
              <th scope="col">Kind</th>
              <th scope="col">Tags</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {rules.data.rules.map((r) => (
              <tr key={r.id}>
                <td>
                  <strong>{r.title}</strong>
                  {r.description && <div className="muted">{r.description}</div>}
                </td>
                <td>{r.level ? <Badge kind={r.level}>{r.level}</Badge> : '—'}</td>
                <td>{r.kind}</td>
                <td>{r.tags.join(', ')}</td>
                <td>
                  <code>{r.file}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
