// One policy: each host's latest scan with its score, the pass / fail / other counts of its
// checks and the trend of its scores (oldest to newest, as text and as a small line).
import { Time } from '../../components/ui.tsx';
import type { PolicyReport, TrendPoint } from './sca-types.ts';

function Spark({ scores }: { scores: number[] }) {
  if (scores.length < 2) return null;
  const pts = scores.map((s, i) => `${(i * 60) / (scores.length - 1)},${20 - s / 5}`).join(' ');
  return (
    <svg width="64" height="22" aria-hidden="true" className="spark">
      <polyline points={pts} fill="none" stroke="#1d4f80" strokeWidth="2" />
    </svg>
  );
}

export function PolicyTable({
  report,
  trend,
  host,
}: {
  report: PolicyReport;
  trend: TrendPoint[];
  host: string;
}) {
  const rows = Object.entries(report.hosts).filter(([h]) => !host || h === host);
  return (
    <div className="table-wrap">
      <table>
        <caption>Policy {report.policy}</caption>
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Latest scan (UTC)</th>
            <th scope="col">Score</th>
            <th scope="col">Pass</th>
            <th scope="col">Fail</th>
            <th scope="col">Other</th>
            <th scope="col">Trend of scores</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([h, r]) => {
            const results = Object.values(r.checks);
            const pass = results.filter((x) => x === 'pass').length;
            const fail = results.filter((x) => x === 'fail').length;
            const scores = trend
              .filter((t) => t.policy === report.policy && (t.host ?? '') === h && t.score !== null)
              .map((t) => t.score!);
            return (
              <tr key={h} className={fail > 0 ? 'row-fail' : undefined}>
                <th scope="row">{h}</th>
                <td>
                  <Time iso={r.time} />
                </td>
                <td>{r.score === null ? '—' : `${r.score}%`}</td>
                <td>{pass}</td>
                <td>{fail}</td>
                <td>{results.length - pass - fail}</td>
                <td>
                  <Spark scores={scores} /> {scores.map((s) => `${s}%`).join(' → ') || '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">No results for this host.</p>}
    </div>
  );
}
