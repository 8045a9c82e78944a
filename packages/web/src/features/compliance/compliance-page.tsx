// Compliance (SCA): per policy, each host's latest scan (score, pass/fail/other counts, trend of
// scores), the checks that failed in those latest scans with their title, reasons, rationale,
// remediation and compliance references, and software drift / vulnerable-version findings.
// Read only for every role: results come from the agents' sca.* events in the log.
import { useState } from 'react';
import { getJson, query } from '../../api/api-client.ts';
import type { StoredEvent } from '../../api/api-types.ts';
import { Link } from '../../app/router.tsx';
import { ErrorBanner, Field, Loading, Page, Time } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';
import { FailedChecks } from './failed-checks.tsx';
import { PolicyTable } from './policy-table.tsx';
import type { FailedCheck, ScaResults } from './sca-types.ts';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The report for every host; the failures of one host when one is chosen (at most 1,000). */
async function load(host: string): Promise<{ results: ScaResults; failed: FailedCheck[] }> {
  const [results, fails] = await Promise.all([
    getJson<ScaResults>('/v1/sca/results'),
    getJson<{ events: StoredEvent[] }>(
      `/v1/events${query({ type: 'sca.check_failed', host, limit: 1000 })}`,
    ),
  ]);
  // Only the failures of each host's latest scan of a policy are current.
  const latest = new Map<string, string>();
  for (const p of results.policies)
    for (const [host, h] of Object.entries(p.hosts)) latest.set(h.scan, host);
  const failed = fails.events.flatMap((e): FailedCheck[] => {
    const d = e.detail ?? {};
    const host = latest.get(str(d['scan']));
    if (host === undefined) return [];
    return [
      {
        host,
        policy: str(d['policy']),
        check: str(d['check']),
        title: e.target?.name ?? str(d['check']),
        reasons: Array.isArray(d['reasons']) ? (d['reasons'] as string[]) : [],
        compliance: (d['compliance'] ?? {}) as Record<string, string[]>,
        ...(typeof d['rationale'] === 'string' && { rationale: d['rationale'] }),
        ...(typeof d['remediation'] === 'string' && { remediation: d['remediation'] }),
        index: e.index,
      },
    ];
  });
  return { results, failed };
}

export function CompliancePage() {
  const [host, setHost] = useState('');
  const data = useAsync(() => load(host), [host]);
  const r = data.data?.results;
  const hosts = [...new Set((r?.policies ?? []).flatMap((p) => Object.keys(p.hosts)))].sort();
  return (
    <Page title="Compliance">
      <form
        className="filters"
        aria-label="Compliance filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label="Host">
          <select name="host" value={host} onChange={(e) => setHost(e.target.value)}>
            <option value="">any</option>
            {hosts.map((h) => (
              <option key={h}>{h}</option>
            ))}
          </select>
        </Field>
      </form>
      <ErrorBanner error={data.error} />
      {data.loading && !data.data && <Loading what="assessment results" />}
      {r && r.policies.length === 0 && (
        <p className="muted">No assessment results: no agent or agentless scan has reported yet.</p>
      )}
      {r?.policies.map((p) => (
        <PolicyTable key={p.policy} report={p} trend={r.trend} host={host} />
      ))}
      {data.data && (
        <FailedChecks checks={data.data.failed.filter((c) => !host || c.host === host)} />
      )}
      {r && r.findings.length > 0 && (
        <section aria-labelledby="software-title">
          <h2 id="software-title">Software findings</h2>
          <ul>
            {r.findings
              .filter((f) => !host || f.host === host)
              .map((f) => (
                <li key={f.index}>
                  <Time iso={f.time} /> <strong>{f.type}</strong> {f.message}{' '}
                  <Link to={`/events?at=${f.index}`}>#{f.index}</Link>
                </li>
              ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
