// The checks that failed in each host's latest scan: what, why (the evaluator's reasons and the
// policy's rationale), how to fix it, and which requirements it maps to (PCI DSS, NIST, CIS …).
import { Link } from '../../app/router.tsx';
import type { FailedCheck } from './sca-types.ts';

export function FailedChecks({ checks }: { checks: FailedCheck[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>Failing checks (latest scans)</caption>
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Check</th>
            <th scope="col">Why it failed</th>
            <th scope="col">Compliance</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={c.index} className="row-fail">
              <td>{c.host}</td>
              <td>
                <strong>{c.title}</strong>
                <div className="muted">
                  {c.policy} / {c.check} · <Link to={`/events?at=${c.index}`}>#{c.index}</Link>
                </div>
              </td>
              <td>
                {c.reasons.length > 0 && (
                  <ul className="reasons">
                    {c.reasons.map((r, i) => (
                      <li key={i}>{r}</li>
                    ))}
                  </ul>
                )}
                {c.rationale && (
                  <p>
                    <strong>Rationale:</strong> {c.rationale}
                  </p>
                )}
                {c.remediation && (
                  <p>
                    <strong>Remediation:</strong> {c.remediation}
                  </p>
                )}
              </td>
              <td>
                {Object.entries(c.compliance).map(([std, refs]) => (
                  <div key={std}>
                    {std.replaceAll('_', ' ').toUpperCase()}: {refs.join(', ')}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {checks.length === 0 && <p className="muted">No failing checks in the latest scans.</p>}
    </div>
  );
}
