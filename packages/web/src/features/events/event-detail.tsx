// One event: its fields, the original record as received, the exact leaf, and its inclusion in
// the signed log verified in this browser (verify-inclusion.ts).
import { useEffect, useState } from 'react';
import type { StoredEvent } from '../../api/api-types.ts';
import { verifyInclusion, type InclusionResult } from '../proof/verify-inclusion.ts';

export function EventDetail({ event, onClose }: { event: StoredEvent; onClose: () => void }) {
  const [proof, setProof] = useState<InclusionResult | 'running'>();
  useEffect(() => setProof(undefined), [event.index]);
  const run = async () => {
    setProof('running');
    setProof(await verifyInclusion(event.index));
  };
  return (
    <aside className="detail" aria-labelledby="event-detail-title">
      <header className="detail-head">
        <h2 id="event-detail-title">
          Event #{event.index}: {event.type}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close event detail">
          Close
        </button>
      </header>
      <section aria-label="Inclusion proof">
        <button
          type="button"
          className="primary"
          onClick={() => void run()}
          disabled={proof === 'running'}
        >
          Verify inclusion in the signed log
        </button>
        {proof === 'running' && <p role="status">Verifying…</p>}
        {proof && proof !== 'running' && <ProofResult r={proof} />}
      </section>
      {event.raw !== undefined && (
        <>
          <h3>Original record</h3>
          <pre className="code" tabIndex={0}>
            {event.raw}
          </pre>
        </>
      )}
      <h3>Stored event (the leaf)</h3>
      <pre className="code" tabIndex={0} data-testid="event-json">
        {JSON.stringify(event, null, 2)}
      </pre>
    </aside>
  );
}

function ProofResult({ r }: { r: InclusionResult }) {
  return (
    <div className={`banner ${r.ok ? 'ok' : 'error'}`} role="status" data-testid="proof-result">
      <p>
        <strong>{r.ok ? 'Verified' : 'Verification failed'}</strong>
        {r.ok
          ? `: entry ${r.index} is in the log ${r.origin} of size ${r.treeSize} (root ${r.root}).`
          : `: ${r.failed?.step} — ${r.failed?.reason}`}
      </p>
      <ul>
        {r.passed.map((p) => (
          <li key={p}>✓ {p}</li>
        ))}
        {r.failed && <li>✗ {r.failed.reason}</li>}
      </ul>
    </div>
  );
}
