// The events explorer's filters: each one a GET /v1/events parameter, kept in the page's query
// string (bookmarkable). Times are entered in UTC.
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/ui.tsx';

export const FILTERS = [
  'type',
  'actor',
  'role',
  'outcome',
  'target',
  'host',
  'source',
  'since',
  'until',
  'text',
] as const;
export type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

export function filtersFrom(search: URLSearchParams): Filters {
  const f: Filters = {};
  for (const k of FILTERS) {
    const v = search.get(k);
    if (v) f[k] = v;
  }
  return f;
}

const LABELS: Record<(typeof FILTERS)[number], [string, string]> = {
  type: ['Type', 'e.g. key.destroy_scheduled (comma for several)'],
  actor: ['Actor', 'actor id'],
  role: ['Role', 'e.g. key_admin'],
  outcome: ['Outcome', ''],
  target: ['Key or target', 'target id'],
  host: ['Host', ''],
  source: ['Source', 'e.g. vault, cloudtrail'],
  since: ['From (UTC)', ''],
  until: ['Until (UTC)', ''],
  text: ['Free text', 'anywhere in the event; scans 20,000 per page'],
};

export function EventFilters({
  value,
  onApply,
}: {
  value: Filters;
  onApply: (f: Filters) => void;
}) {
  const [draft, setDraft] = useState<Filters>(value);
  const set = (k: keyof Filters, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Event filters">
      {FILTERS.map((k) => {
        const [label, hint] = LABELS[k];
        if (k === 'outcome')
          return (
            <Field key={k} label={label}>
              <select name={k} value={draft[k] ?? ''} onChange={(e) => set(k, e.target.value)}>
                <option value="">any</option>
                <option value="success">success</option>
                <option value="failure">failure</option>
                <option value="unknown">unknown</option>
              </select>
            </Field>
          );
        const time = k === 'since' || k === 'until';
        return (
          <Field key={k} label={label} {...(hint && { hint })}>
            <input
              name={k}
              type={time ? 'datetime-local' : 'text'}
              step={time ? 1 : undefined}
              value={time ? (draft[k] ?? '').replace(/Z$/, '').slice(0, 19) : (draft[k] ?? '')}
              onChange={(e) =>
                set(
                  k,
                  time && e.target.value
                    ? `${e.target.value.length === 16 ? e.target.value + ':00' : e.target.value}Z`
                    : e.target.value,
                )
              }
            />
          </Field>
        );
      })}
      <div className="filter-buttons">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
