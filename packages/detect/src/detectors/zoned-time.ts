// Local weekday, date and minute of day in an IANA time zone with Intl only (no tz library).
// formatToParts is slow, so results are cached per UTC quarter hour: zone offsets change on
// quarter-hour boundaries, so every instant of a quarter shares its start's local parts.
export interface LocalTime {
  weekday: string;
  date: string;
  minute: number;
}

const QUARTER = 900_000;

export function zonedClock(timeZone: string): (ms: number) => LocalTime {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const cache = new Map<number, LocalTime>();
  return (ms) => {
    const q = Math.floor(ms / QUARTER);
    let base = cache.get(q);
    if (!base) {
      const p: Record<string, string> = {};
      for (const part of fmt.formatToParts(q * QUARTER)) p[part.type] = part.value;
      base = {
        weekday: (p['weekday'] ?? '').toLowerCase().slice(0, 3),
        date: `${p['year']}-${p['month']}-${p['day']}`,
        minute: Number(p['hour']) * 60 + Number(p['minute']),
      };
      if (cache.size >= 4096) cache.clear();
      cache.set(q, base);
    }
    const extra = Math.floor((ms - q * QUARTER) / 60_000);
    return { weekday: base.weekday, date: base.date, minute: base.minute + extra };
  };
}
