// One file change: what it was, the attributes before and after (the ones that differ marked),
// the redacted line diff when the agent sent one, and — for security officers and admins, where
// the agent's baseline holds a known-good copy of the file — a restore request.
import { send } from '../../api/api-client.ts';
import type { StoredEvent } from '../../api/api-types.ts';
import { can } from '../../api/roles.ts';
import { useMe } from '../../app/session.tsx';
import { ConfirmAction } from '../../components/confirm-action.tsx';
import { Badge, Time } from '../../components/ui.tsx';
import { changeOf, kindOf, type FimInfo } from './fim-types.ts';

// Modes in octal, nanosecond times (decimal strings) as UTC times to the second.
const show = (k: string, v: unknown): string =>
  v === undefined
    ? '—'
    : k === 'mode' && typeof v === 'number'
      ? `0${v.toString(8)}`
      : k.endsWith('Ns') && typeof v === 'string' && /^\d{10,}$/.test(v)
        ? new Date(Number(BigInt(v) / 1_000_000n)).toISOString().replace('T', ' ').slice(0, 19)
        : typeof v === 'string'
          ? v
          : JSON.stringify(v);

function Attributes({
  before,
  after,
}: {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}) {
  const differs = (k: string) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]);
  // What changed first; the unchanged attributes after it for reference.
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort(
    (a, b) => Number(differs(b)) - Number(differs(a)),
  );
  if (keys.length === 0) return <p className="muted">No attributes recorded.</p>;
  return (
    <table>
      <caption>Attributes before and after</caption>
      <thead>
        <tr>
          <th scope="col">Attribute</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => {
          const changed = differs(k);
          return (
            <tr key={k} className={changed ? 'row-changed' : undefined}>
              <th scope="row">
                {k}
                {changed && <span className="visually-hidden"> (changed)</span>}
              </th>
              <td className="mono">{show(k, before?.[k])}</td>
              <td className="mono">{show(k, after?.[k])}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function FimChangeDetail({
  event,
  host,
  info,
  onClose,
  onDone,
}: {
  event: StoredEvent;
  host: string;
  info: FimInfo | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const me = useMe();
  const d = changeOf(event);
  const path = event.target?.id ?? '';
  const knownGood = info?.baseline?.known_good[path];
  return (
    <aside className="detail" aria-label="File change detail">
      <header className="detail-head">
        <h2>{path}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <p>
        <Badge kind={event.severity ?? 'info'}>{kindOf(event)}</Badge> on <strong>{host}</strong> at{' '}
        <Time iso={event.time} /> · event #{event.index}
        {d.explained_by && <> · explained by a {d.explained_by} package change</>}
      </p>
      {event.message && <p>{event.message}</p>}
      {can.manageAgents(me.role) &&
        event.source?.agent &&
        (knownGood ? (
          <ConfirmAction
            label="Restore known-good copy"
            question={`Ask the agent on ${host} to restore ${path} from its known-good copy (SHA-256 ${knownGood.slice(0, 16)}…)? The current file is quarantined on the host.`}
            run={() =>
              send('POST', `/v1/agents/${encodeURIComponent(event.source!.agent!)}/fim/restore`, {
                path,
              })
            }
            onDone={onDone}
          />
        ) : (
          <p className="muted">
            No known-good copy of this file in the agent's baseline: it cannot be restored from
            here.
          </p>
        ))}
      <h3>Diff (secrets redacted)</h3>
      {d.diff ? (
        <pre className="code diff" data-testid="fim-diff">
          {d.diff.split('\n').map((line, i) => (
            <span
              key={i}
              className={
                line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : undefined
              }
            >
              {line}
              {'\n'}
            </span>
          ))}
        </pre>
      ) : (
        <p className="muted">
          No diff with this change: only allow-listed small text files carry one.
        </p>
      )}
      <Attributes {...(d.before && { before: d.before })} {...(d.after && { after: d.after })} />
    </aside>
  );
}
