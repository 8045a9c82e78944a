// What a FimWatcher's test hears: the trigger paths it was handed, and a wait for one of them.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

export interface HeardPaths {
  heard: Set<string>;
  /** Clears what was heard, makes the change, waits up to 5 s until `path` is heard. */
  expect: (path: string, change: () => void) => Promise<void>;
}

export function heardPaths(): HeardPaths {
  const heard = new Set<string>();
  return {
    heard,
    async expect(path, change) {
      heard.clear();
      change();
      const end = Date.now() + 5000;
      while (!heard.has(path)) {
        if (Date.now() > end) assert.fail(`${path} not heard; heard ${[...heard].join(', ')}`);
        await sleep(20);
      }
    },
  };
}
