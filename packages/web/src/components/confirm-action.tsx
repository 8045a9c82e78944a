// A state-changing action in two steps: the button opens a short confirmation that says what will
// happen (with an optional reason to record), Confirm sends it, Cancel closes it. The error of a
// refused request stays visible; on success the caller reloads what changed (no page reload).
import { useState, type FormEvent } from 'react';
import { ErrorBanner, Field } from './ui.tsx';

export function ConfirmAction({
  label,
  question,
  reason,
  run,
  onDone,
}: {
  label: string;
  question: string;
  /** The label of an optional free-text reason, sent to `run`. */
  reason?: string;
  run: (reason: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {label}…
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await run(text.trim());
      setOpen(false);
      setText('');
      setError(undefined);
      onDone();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="confirm" aria-label={`Confirm: ${label}`} onSubmit={(e) => void submit(e)}>
      <p>{question}</p>
      {reason && (
        <Field label={reason}>
          <input name="reason" value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
      )}
      <ErrorBanner error={error} />
      <button type="submit" className="primary" disabled={busy} autoFocus>
        Confirm {label.toLowerCase()}
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
