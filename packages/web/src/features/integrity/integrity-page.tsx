// Log integrity: the latest signed checkpoint (verbatim), recent checkpoints, a full verification
// of the stored log run by the server and recorded in the log, and the export bundle for auditors.
import { useState } from 'react';
import { getJson, getText, send } from '../../api/api-client.ts';
import type { CheckpointEntry, Verification } from '../../api/api-types.ts';
import { Badge, ErrorBanner, Loading, Page, Time } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';
import { exportBundle } from './export-bundle.ts';

const RECENT = 15;

export function IntegrityPage() {
  const cps = useAsync(async () => {
    const note = await getText('/v1/log/checkpoint');
    const size = Number(note.split('\n')[1]);
    const after = Math.max(0, size - RECENT - 1);
    const list = await getJson<{ checkpoints: CheckpointEntry[] }>(
      `/v1/log/checkpoints?after=${after}&limit=${RECENT}`,
    );
    return { note, size, list: list.checkpoints.slice().reverse() };
  }, []);
  const [result, setResult] = useState<Verification | 'running'>();
  const [error, setError] = useState<Error>();
  const [progress, setProgress] = useState<string>();

  const verify = async () => {
    setResult('running');
    try {
      setResult(await send<Verification>('POST', '/v1/log/verify'));
      cps.reload();
    } catch (e) {
      setError(e as Error);
      setResult(undefined);
    }
  };
  const download = async () => {
    setError(undefined);
    try {
      const blob = await exportBundle((done, total) => setProgress(`${done} of ${total} entries`));
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `keywatch-export-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.tar`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      setProgress('downloaded');
    } catch (e) {
      setError(e as Error);
      setProgress(undefined);
    }
  };

  return (
    <Page title="Log integrity">
      <ErrorBanner error={cps.error ?? error} />
      <div className="cards">
        <section className="card" aria-labelledby="li-verify">
          <h2 id="li-verify">Full verification</h2>
          <p>
            The server re-reads every entry, rebuilds the Merkle tree and checks it against the
            latest signed checkpoint. The run and its result are recorded in the log.
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => void verify()}
            disabled={result === 'running'}
          >
            Run a verification
          </button>
          {result === 'running' && <p role="status">Verifying the whole log…</p>}
          {result && result !== 'running' && (
            <p
              role="status"
              data-testid="verify-result"
              className={`banner ${result.ok ? 'ok' : 'error'}`}
            >
              {result.ok ? (
                <Badge kind="success">verified</Badge>
              ) : (
                <Badge kind="failure">failed</Badge>
              )}{' '}
              {result.size} entries
              {result.ok
                ? ' match the signed checkpoint.'
                : `: ${result.code} at index ${result.index ?? '?'} — ${result.message}`}
            </p>
          )}
        </section>
        <section className="card" aria-labelledby="li-export">
          <h2 id="li-export">Export bundle</h2>
          <p>
            Every entry, the signed checkpoints, consistency proofs and the verifier key, as a .tar.
            Unpack it and run <code>keywatch verify --bundle DIR</code> offline.
          </p>
          <button type="button" onClick={() => void download()}>
            Download export bundle
          </button>
          {progress && <p role="status">{progress}</p>}
        </section>
      </div>
      {cps.loading && !cps.data && <Loading what="checkpoints" />}
      {cps.data && (
        <>
          <h2>Latest signed checkpoint</h2>
          <pre className="code" tabIndex={0} data-testid="checkpoint-note">
            {cps.data.note}
          </pre>
          <h2>Recent checkpoints</h2>
          <table aria-label="Recent checkpoints">
            <thead>
              <tr>
                <th scope="col">Size</th>
                <th scope="col">Signed (UTC)</th>
                <th scope="col">Root</th>
              </tr>
            </thead>
            <tbody>
              {cps.data.list.map((c) => (
                <tr key={c.size}>
                  <td>{c.size}</td>
                  <td>
                    <Time iso={c.created} />
                  </td>
                  <td>
                    <code>{c.note.split('\n')[2]}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Page>
  );
}
