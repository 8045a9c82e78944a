// A fake AgentContext: a real state directory and an emit that collects events.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NativeEvent } from '@keywatch/protocol';
import type { AgentContext } from '@keywatch/agent';

export interface CollectingContext extends AgentContext {
  events: NativeEvent[];
  /** Events emitted since the last call. */
  take(): NativeEvent[];
}

export function fakeContext(
  stateDir = mkdtempSync(join(tmpdir(), 'kw-fim-state-')),
): CollectingContext {
  const events: NativeEvent[] = [];
  let taken = 0;
  return {
    agentId: 'a-test',
    stateDir,
    events,
    async emit(e) {
      events.push(structuredClone(e));
    },
    async request() {
      throw new Error('no server in this test');
    },
    log() {},
    take() {
      const out = events.slice(taken);
      taken = events.length;
      return out;
    },
  };
}
