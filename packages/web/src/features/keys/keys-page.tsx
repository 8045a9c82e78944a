// Keys in production: the inventory (what should exist, with the expected fingerprint) and what
// gates and agents found deployed, each observation with its outcome and reasons; deployment
// mismatches (a substituted or corrupted key) and failed checks stand out. Security officers and
// admins edit the inventory here (KEY_EDITORS); other roles see it read only.
import { useState } from 'react';
import { getJson } from '../../api/api-client.ts';
import { can } from '../../api/roles.ts';
import { useMe } from '../../app/session.tsx';
import { ErrorBanner, Field, Loading, Page } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';
import { KeyEditor } from './key-editor.tsx';
import { KeyInventoryTable } from './key-inventory-table.tsx';
import { KEY_STATES, isMismatch, type KeyEntry, type Observation } from './key-types.ts';
import { ObservationsTable } from './observations-table.tsx';

async function load() {
  const [keys, obs] = await Promise.all([
    getJson<{ keys: KeyEntry[] }>('/v1/keys'),
    getJson<{ observations: Observation[] }>('/v1/keys/observations'),
  ]);
  return { keys: keys.keys, observations: obs.observations };
}

export function KeysPage() {
  const me = useMe();
  const [state, setState] = useState('');
  const [outcome, setOutcome] = useState('');
  const [editing, setEditing] = useState<KeyEntry>();
  const data = useAsync(load, []);
  const keys = (data.data?.keys ?? []).filter((k) => !state || k.state === state);
  const all = data.data?.observations ?? [];
  const obs = all.filter((o) =>
    !outcome ? true : outcome === 'mismatch' ? isMismatch(o) : o.verdict === outcome,
  );
  const mismatches = all.filter(isMismatch).length;
  const failed = all.filter((o) => o.verdict === 'fail').length;
  const editor = can.editKeys(me.role);
  return (
    <Page title="Keys">
      <form className="filters" aria-label="Key filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Key state">
          <select name="state" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">any</option>
            {KEY_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field label="Check outcome">
          <select name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="">any</option>
            <option>fail</option>
            <option>warn</option>
            <option>pass</option>
            <option value="mismatch">deployment mismatch</option>
          </select>
        </Field>
      </form>
      <ErrorBanner error={data.error} />
      {data.loading && !data.data && <Loading what="keys" />}
      {(mismatches > 0 || failed > 0) && (
        <p className="banner error" data-testid="key-findings">
          <strong>
            {mismatches} deployment mismatch{mismatches === 1 ? '' : 'es'} (critical)
          </strong>{' '}
          · {failed} failed check{failed === 1 ? '' : 's'}: a deployed key is not the one the
          inventory expects, or fails its checks.
        </p>
      )}
      {data.data && (
        <>
          <KeyInventoryTable
            keys={keys}
            total={data.data.keys.length}
            onEdit={editor ? setEditing : undefined}
          />
          <ObservationsTable observations={obs} total={all.length} />
          {editor && (
            <KeyEditor
              entry={editing}
              onDone={() => {
                setEditing(undefined);
                data.reload();
              }}
            />
          )}
          {!editor && (
            <p className="muted">Read only: the inventory is changed by security officers.</p>
          )}
        </>
      )}
    </Page>
  );
}
