// Add or change one inventory entry (PUT /v1/keys), or import a JSON or CSV inventory
// (POST /v1/keys/import). Shown to KEY_EDITORS only; each write is an event in the log, and the
// server validates every field (its message is shown as it is).
import { useEffect, useState, type FormEvent } from 'react';
import { send, sendText } from '../../api/api-client.ts';
import { ErrorBanner, Field } from '../../components/ui.tsx';
import { KEY_STATES, type KeyEntry } from './key-types.ts';

const FIELDS = [
  'id',
  'name',
  'algorithm',
  'size',
  'usage',
  'activation',
  'expiry',
  'fingerprint',
] as const;
type Form = Record<(typeof FIELDS)[number] | 'state' | 'locations', string>;

const toForm = (e: KeyEntry | undefined): Form => ({
  id: e?.id ?? '',
  name: e?.name ?? '',
  algorithm: e?.algorithm ?? '',
  size: e?.size === undefined ? '' : String(e.size),
  usage: e?.usage ?? '',
  activation: e?.activation ?? '',
  expiry: e?.expiry ?? '',
  fingerprint: e?.fingerprint ?? '',
  state: e?.state ?? 'active',
  locations: (e?.locations ?? []).join('; '),
});

export function KeyEditor({ entry, onDone }: { entry: KeyEntry | undefined; onDone: () => void }) {
  const [form, setForm] = useState<Form>(() => toForm(entry));
  const [text, setText] = useState('');
  const [error, setError] = useState<Error>();
  const [done, setDone] = useState('');
  useEffect(() => {
    setForm(toForm(entry));
    // The form is below the tables: an Edit click brings it into view with focus on its first field.
    if (entry) document.querySelector<HTMLInputElement>('#key-edit input[name="name"]')?.focus();
  }, [entry]);
  const run = async (e: FormEvent, write: () => Promise<{ written: number }>) => {
    e.preventDefault();
    try {
      const r = await write();
      setError(undefined);
      setDone(`${r.written} inventory entr${r.written === 1 ? 'y' : 'ies'} written.`);
      setText('');
      setForm(toForm(undefined));
      onDone();
    } catch (err) {
      setError(err as Error);
    }
  };
  const put = () => {
    const body: Record<string, unknown> = { ...entry };
    for (const [k, v] of Object.entries(form)) body[k] = v.trim() === '' ? undefined : v.trim();
    return send<{ written: number }>('PUT', '/v1/keys', { keys: [body] });
  };
  const upload = () =>
    text.trimStart().startsWith('[') || text.trimStart().startsWith('{')
      ? send<{ written: number }>('POST', '/v1/keys/import', JSON.parse(text))
      : sendText<{ written: number }>('/v1/keys/import', text, 'text/csv');
  const set = (k: keyof Form) => (ev: { target: { value: string } }) =>
    setForm({ ...form, [k]: ev.target.value });
  return (
    <section id="key-edit" aria-labelledby="key-edit-title">
      <h2 id="key-edit-title">{entry ? `Edit ${entry.id}` : 'Add or change a key'}</h2>
      <form
        className="inline-form"
        aria-label="Edit the key inventory"
        onSubmit={(e) => void run(e, put)}
      >
        {FIELDS.map((f) => (
          <Field
            key={f}
            label={f === 'fingerprint' ? 'Expected fingerprint' : f[0]!.toUpperCase() + f.slice(1)}
          >
            <input
              name={f}
              value={form[f]}
              onChange={set(f)}
              required={f === 'id' || f === 'algorithm'}
              readOnly={f === 'id' && !!entry}
            />
          </Field>
        ))}
        <Field label="State">
          <select name="state" value={form.state} onChange={set('state')}>
            {KEY_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field label="Locations" hint="host:path; separated by ;">
          <input name="locations" value={form.locations} onChange={set('locations')} />
        </Field>
        <button type="submit" className="primary">
          Save key
        </button>
      </form>
      <form aria-label="Import an inventory" onSubmit={(e) => void run(e, upload)}>
        <Field label="Import inventory (JSON array or CSV with a header line)">
          <textarea
            name="inventory"
            rows={3}
            required
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </Field>
        <Field label="Or read an inventory file">
          <input
            type="file"
            name="file"
            accept=".csv,.json,text/csv,application/json"
            onChange={(e) => void e.target.files?.[0]?.text().then(setText)}
          />
        </Field>
        <button type="submit">Import</button>
      </form>
      <ErrorBanner error={error} />
      {done && (
        <p className="banner ok" role="status">
          {done}
        </p>
      )}
    </section>
  );
}
