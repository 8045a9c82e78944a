// A state-changing action in two steps: the button opens a short confirmation that says what will
// happen (with an optional reason to record), Confirm (or Enter) sends it, Cancel (or Escape)
// closes it; focus moves into it on opening. The error of a
// refused request stays visible; on success the caller reloads what changed (no page reload).
import { useState, type FormEvent } from 'react';
import { ErrorBanner, Field } from './ui.tsx';

export function ConfirmAction({
  label,
  subject,
  question,
  reason,
  run,
  onDone,
}: {
  label: string;
  /** What it acts on: part of the button's accessible name, not of its visible text. */
  subject?: string;
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
  const full = subject ? `${label} ${subject}` : label;
  const close = () => {
    setOpen(false);
    setText('');
    setError(undefined);
  };
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} aria-label={`${full}…`}>
        {label}…
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await run(text.trim());
      close();
      onDone();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="confirm"
      aria-label={`Confirm: ${full}`}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => e.key === 'Escape' && close()}
    >
      <p>{question}</p>
      {reason && (
        <Field label={reason}>
          <input name="reason" value={text} onChange={(e) => setText(e.target.value)} autoFocus />
        </Field>
      )}
      <ErrorBanner error={error} />
      <button type="submit" className="primary" disabled={busy} autoFocus={!reason}>
        Confirm {full[0]!.toLowerCase() + full.slice(1)}
      </button>{' '}
      <button type="button" onClick={close}>
        Cancel
      </button>
    </form>
  );
}
