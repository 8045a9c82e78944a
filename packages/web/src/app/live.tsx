// The live feed (GET /v1/stream, server-sent events): commits and alert changes as they happen.
// One EventSource for the whole app; pages subscribe to what they show. The browser reconnects by
// itself after a drop (the server sends retry: 3000).
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

export interface LiveEvent {
  index: number;
  type: string;
  time: string;
  outcome: string;
  severity: string | null;
  summary: string;
}

export interface LiveAlert {
  id: string;
  change: string;
  severity: string | null;
  status: string | null;
  rule: string | null;
  index: number;
}

interface LiveState {
  connected: boolean;
  /** Newest first, bounded. */
  events: LiveEvent[];
  /** Events committed since this page was opened. */
  count: number;
  size: number | null;
  /** Bumped on every alert change: pages that list alerts reload on it. */
  alertTick: number;
  lastAlert: LiveAlert | null;
}

const initial: LiveState = {
  connected: false,
  events: [],
  count: 0,
  size: null,
  alertTick: 0,
  lastAlert: null,
};
const LiveContext = createContext<LiveState>(initial);
/** Recent events kept for the pages (newest first). */
export const LIVE_KEEP = 50;

export function LiveProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState(initial);
  const source = useRef<EventSource | null>(null);
  useEffect(() => {
    const es = new EventSource('/v1/stream');
    source.current = es;
    es.addEventListener('open', () => setState((s) => ({ ...s, connected: true })));
    es.addEventListener('error', () => setState((s) => ({ ...s, connected: false })));
    es.addEventListener('hello', (m) => {
      const { size } = JSON.parse((m as MessageEvent<string>).data) as { size: number };
      setState((s) => ({ ...s, size }));
    });
    es.addEventListener('events', (m) => {
      const b = JSON.parse((m as MessageEvent<string>).data) as {
        count: number;
        size: number;
        events: LiveEvent[];
      };
      setState((s) => ({
        ...s,
        count: s.count + b.count,
        size: b.size,
        events: [...b.events.slice().reverse(), ...s.events].slice(0, LIVE_KEEP),
      }));
    });
    es.addEventListener('alert', (m) => {
      const a = JSON.parse((m as MessageEvent<string>).data) as LiveAlert;
      setState((s) => ({ ...s, alertTick: s.alertTick + 1, lastAlert: a }));
    });
    return () => es.close();
  }, []);
  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export const useLive = (): LiveState => useContext(LiveContext);
