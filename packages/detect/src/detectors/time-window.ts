// Outside business hours (research note §4, rule 24 "off-hours"; PCI DSS 10.4.1 review): an
// event its rule selects, at a local time outside the configured days and hours or on a listed
// holiday, in a configured IANA time zone. One hit per group and local day.
import type { DetectorModule } from './detector-types.ts';
import { groupReader } from './field-values.ts';
import { zonedClock } from './zoned-time.ts';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

interface Config {
  timeZone: string;
  days: string[];
  startMin: number;
  endMin: number;
  hours: string;
  holidays: string[];
  group: string[];
}

export const timeWindow: DetectorModule<Config> = {
  parse(s) {
    const timeZone = s.str('time_zone', 'UTC');
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      s.fail('time_zone', `unknown time zone "${timeZone}"`);
    }
    const days = s.strings('days', DAYS.slice(0, 5)).map((d) => d.toLowerCase().slice(0, 3));
    for (const d of days) if (!DAYS.includes(d)) s.fail('days', `unknown day "${d}"`);
    const hours = s.str('hours', '07:00-19:00');
    const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(hours);
    if (!m) s.fail('hours', 'expected HH:MM-HH:MM');
    const holidays = s.strings('holidays', []);
    for (const h of holidays)
      if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) s.fail('holidays', `"${h}" is not YYYY-MM-DD`);
    const c: Config = {
      timeZone,
      days,
      hours,
      startMin: Number(m![1]) * 60 + Number(m![2]),
      endMin: Number(m![3]) * 60 + Number(m![4]),
      holidays,
      group: s.fields('group', ['actor.id']),
    };
    s.done();
    return c;
  },
  create(c) {
    const clock = zonedClock(c.timeZone);
    const group = groupReader(c.group);
    const holidays = new Set(c.holidays);
    const inHours = (min: number) =>
      c.startMin <= c.endMin
        ? min >= c.startMin && min < c.endMin
        : min >= c.startMin || min < c.endMin;
    return {
      onMatch(ctx) {
        const local = clock(ctx.timeMs);
        const why = holidays.has(local.date)
          ? 'holiday'
          : !c.days.includes(local.weekday)
            ? `not a business day (${local.weekday})`
            : !inHours(local.minute)
              ? `outside ${c.hours}`
              : undefined;
        if (!why) return undefined;
        const g = group(ctx);
        const hhmm = `${String(Math.floor(local.minute / 60)).padStart(2, '0')}:${String(local.minute % 60).padStart(2, '0')}`;
        return {
          group: [...g, local.date],
          summary: `${ctx.event.type} by ${g.join('/')} at ${local.date} ${hhmm} ${c.timeZone}: ${why}`,
          eventIndexes: [ctx.event.index],
          fields: { local_date: local.date, local_time: hhmm, time_zone: c.timeZone, reason: why },
          time: ctx.event.time,
        };
      },
      snapshot: () => null,
      restore() {},
      size: () => ({ entries: 0, evicted: 0 }),
    };
  },
};
