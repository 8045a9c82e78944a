// Acknowledge, resolve or suppress one alert, each with the comment (or reason) the API requires.
// Shown only to roles that may handle alerts; the server refuses the others anyway.
import { useState, type FormEvent } from 'react';
import { send } from '../../api/api-client.ts';
import type { Alert } from '../../api/api-types.ts';
import { ErrorBanner, Field } from '../../components/ui.tsx';

type Action = 'acknowledge' | 'resolve' | 'suppress';

export function AlertActions({ alert, onDone }: { alert: Alert; onDone: () => void }) {
  const [action, setAction] = useState<Action>(alert.status === 'open' ? 'acknowledge' : 'resolve');
  const [comment, setComment] = useState('');
  const [hours, setHours] = useState('24');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const allowed: Action[] =
    alert.status === 'open'
      ? ['acknowledge', 'resolve', 'suppress']
      : alert.status === 'acknowledged'
        ? ['resolve', 'suppress']
        : [];
  if (allowed.length === 0) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const path = `/v1/alerts/${encodeURIComponent(alert.id)}/${action}`;
      await send(
        'POST',
        path,
        action === 'suppress'
          ? {
              reason: comment,
              until: new Date(Date.now() + Number(hours) * 3_600_000).toISOString(),
            }
          : { comment },
      );
      setComment('');
      setError(undefined);
      onDone();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="alert-actions" onSubmit={(e) => void submit(e)} aria-label="Handle this alert">
      <fieldset>
        <legend>Action</legend>
        {allowed.map((a) => (
          <label key={a} className="radio">
            <input
              type="radio"
              name="action"
              value={a}
              checked={action === a}
              onChange={() => setAction(a)}
            />{' '}
            {a}
          </label>
        ))}
      </fieldset>
      <Field label={action === 'suppress' ? 'Reason for the suppression' : 'Comment'}>
        <textarea
          name="comment"
          required
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          rows={2}
        />
      </Field>
      {action === 'suppress' && (
        <Field label="Suppress for (hours)">
          <input
            name="hours"
            type="number"
            min={1}
            max={720}
            value={hours}
            onChange={(e) => setHours(e.target.value)}
          />
        </Field>
      )}
      <ErrorBanner error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {action[0]!.toUpperCase() + action.slice(1)}
      </button>
    </form>
  );
}
