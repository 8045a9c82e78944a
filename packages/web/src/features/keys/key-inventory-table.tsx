// The key inventory as a table: what should exist and where, with the expected fingerprint (or
// key check value) that each deployment is compared with.
import { Badge, Time } from '../../components/ui.tsx';
import type { KeyEntry } from './key-types.ts';

const STATE_BADGE: Record<string, string> = {
  active: 'success',
  pre_activation: 'info',
  suspended: 'medium',
  deactivated: 'unknown',
  compromised: 'critical',
  destroyed: 'unknown',
};

export function KeyInventoryTable({
  keys,
  total,
  onEdit,
}: {
  keys: KeyEntry[];
  total: number;
  onEdit: ((k: KeyEntry) => void) | undefined;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption>Key inventory</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Algorithm</th>
            <th scope="col">Size</th>
            <th scope="col">Usage</th>
            <th scope="col">State</th>
            <th scope="col">Activation</th>
            <th scope="col">Expiry</th>
            <th scope="col">Expected fingerprint</th>
            <th scope="col">Locations</th>
            {onEdit && <th scope="col">Edit</th>}
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>
                <code>{k.id}</code>
                {k.name && <div className="muted">{k.name}</div>}
              </td>
              <td>{k.algorithm}</td>
              <td>{k.size ?? '—'}</td>
              <td>{k.usage ?? '—'}</td>
              <td>
                <Badge kind={STATE_BADGE[k.state] ?? 'unknown'}>{k.state}</Badge>
              </td>
              <td>
                <Time iso={k.activation} />
              </td>
              <td>
                <Time iso={k.expiry} />
              </td>
              <td className="mono">{k.fingerprint ?? (k.kcv ? `KCV ${k.kcv}` : '—')}</td>
              <td>{(k.locations ?? []).join(', ') || '—'}</td>
              {onEdit && (
                <td>
                  <button type="button" onClick={() => onEdit(k)} aria-label={`Edit ${k.id}`}>
                    Edit
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {keys.length === 0 && (
        <p className="muted">
          {total === 0 ? 'No keys in the inventory.' : 'No keys in this state.'}
        </p>
      )}
    </div>
  );
}
