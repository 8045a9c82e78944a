// The server-side keys of the `fim` policy section, read beside the scanner's own (parseFimPolicy
// ignores them): which files get a known-good copy on the server, whether a change to one of
// them is restored at once, and how often the agent asks the server for commands.
import { globToRegExp } from '../fim/glob-pattern.ts';

export interface SyncPolicy {
  /** Designated files (globs or exact paths): their content goes to the server's known-good store. */
  isDesignated: (path: string) => boolean;
  designated: string[];
  /** Restore a designated file as soon as a scan reports it changed. */
  autoRestore: boolean;
  commandPollMs: number;
  /** Designated files larger than this get no known-good copy (reported in the log line). */
  maxContentBytes: number;
}

export function parseSyncPolicy(section: unknown): SyncPolicy {
  const o = (section ?? {}) as Record<string, unknown>;
  const designated = Array.isArray(o['restore'])
    ? o['restore'].filter((g): g is string => typeof g === 'string')
    : [];
  const res = designated.map(globToRegExp);
  const poll = o['commandPollSec'];
  const max = o['restoreMaxBytes'];
  return {
    designated,
    isDesignated: (p) => res.some((r) => r.test(p)),
    autoRestore: o['autoRestore'] === true,
    commandPollMs: (typeof poll === 'number' && poll > 0 ? poll : 10) * 1000,
    maxContentBytes: typeof max === 'number' && max > 0 ? max : 16 * 1024 * 1024,
  };
}
