// What gates and agents found deployed, the latest observation per host and key: the outcome, and
// for anything but a pass the reasons. A deployment mismatch is marked critical.
import { Badge, Time } from '../../components/ui.tsx';
import { isMismatch, type Observation } from './key-types.ts';

const VERDICT_BADGE = { pass: 'success', warn: 'medium', fail: 'failure' } as const;

function reasons(o: Observation): string {
  const bad = o.findings.filter((f) => f.status !== 'pass');
  return bad.length === 0
    ? 'all checks pass'
    : bad.map((f) => `${f.check}: ${f.reason}`).join('; ');
}

export function ObservationsTable({
  observations,
  total,
}: {
  observations: Observation[];
  total: number;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption>Deployment checks</caption>
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Key found</th>
            <th scope="col">Algorithm</th>
            <th scope="col">Fingerprint found</th>
            <th scope="col">Outcome</th>
            <th scope="col">Reason</th>
            <th scope="col">Observed (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {observations.map((o) => {
            const mismatch = isMismatch(o);
            return (
              <tr
                key={`${o.host}\0${o.label}`}
                className={o.verdict === 'fail' ? 'row-fail' : undefined}
              >
                <td>{o.host}</td>
                <td>
                  <code>{o.label}</code>
                  <div className="muted">{o.kind}</div>
                </td>
                <td>
                  {o.algorithm} {o.bits > 0 ? o.bits : ''}
                </td>
                <td className="mono">
                  {o.fingerprint ?? (o.kcv ? `KCV ${o.kcv.cmac ?? o.kcv.legacy}` : '—')}
                </td>
                <td>
                  <Badge kind={VERDICT_BADGE[o.verdict]}>{o.verdict}</Badge>{' '}
                  {mismatch && <Badge kind="critical">mismatch</Badge>}
                </td>
                <td className="reason">{reasons(o)}</td>
                <td>
                  <Time iso={o.observed} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {observations.length === 0 && (
        <p className="muted">
          {total === 0 ? 'No deployment checks reported yet.' : 'No checks match.'}
        </p>
      )}
    </div>
  );
}
