// keywatch rules test RULE_FILE [--since 24h] (--server URL [--token T] | --data-dir DIR): runs a
// rule file over stored events, in log order, and prints one JSON line per detection — how a
// security officer checks a rule against real history before deploying it. A rule that does not
// parse is refused with its file, line and reason.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parseLeaf } from '@keywatch/auditlog';
import {
  DetectError,
  DetectionEngine,
  loadRules,
  buildRuleSet,
  RULE_PACK_DIR,
} from '@keywatch/detect';
import type { StoredEvent } from '@keywatch/protocol';
import { openStore } from '@keywatch/store';
import { ApiClient } from '../api-client.ts';
import { CliError } from '../cli-error.ts';

const PAGE = 1000;

/** "24h", "7d", "30m", "90s" before now, or an RFC 3339 time. */
export function parseSince(text: string, now = Date.now()): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (m) return now - Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[m[2] as 's'];
  const t = Date.parse(text);
  if (Number.isNaN(t))
    throw new CliError('USAGE', `--since ${text}: give e.g. 24h, 7d or an RFC 3339 time`);
  return t;
}

/** Newest first from the source, returned oldest first (the engine needs log order). */
async function eventsSince(flags: RulesFlags, sinceMs: number): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  if (flags.server) {
    const client = new ApiClient(flags.server, flags.token ?? process.env['KEYWATCH_TOKEN']);
    let cursor: string | null = null;
    do {
      const q: string = `since=${new Date(sinceMs).toISOString()}&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await client.json<{ events: StoredEvent[]; next: string | null }>(
        `/v1/events?${q}`,
      );
      out.push(...page.events);
      cursor = page.next;
    } while (cursor);
  } else {
    const store = await openStore({
      dataDir: flags.dataDir!,
      ...(flags.database !== undefined && { databaseUrl: flags.database }),
    });
    try {
      let before: number | undefined;
      for (;;) {
        const rows = await store.queryEvents(
          { sinceMs, ...(before !== undefined && { beforeIndex: before }) },
          PAGE,
        );
        out.push(...rows.map((r) => parseLeaf(r.leaf)));
        if (rows.length < PAGE) break;
        before = rows[rows.length - 1]!.index;
      }
    } finally {
      await store.close();
    }
  }
  return out.reverse();
}

interface RulesFlags {
  server?: string;
  token?: string;
  dataDir?: string;
  database?: string;
  since: string;
}

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('work with detection rules');
  rules
    .command('test')
    .description(
      'run a rule file over stored events and print what it detects (one JSON line each)',
    )
    .argument('<rule-file>', 'a Sigma YAML file (several rules may be separated by ---)')
    .option('--since <when>', 'events from this long ago (24h, 7d) or this RFC 3339 time', '24h')
    .option('--server <url>', 'read events from a keywatch server')
    .option('--token <token>', 'API token (or KEYWATCH_TOKEN)')
    .option('--data-dir <dir>', "read events from a server's data directory")
    .option('--database <url>', 'PostgreSQL URL, with --data-dir')
    .action(async (file: string, flags: RulesFlags) => {
      if ((flags.server === undefined) === (flags.dataDir === undefined)) {
        throw new CliError('USAGE', 'give exactly one of --server URL or --data-dir DIR');
      }
      const text = readFileSync(file, 'utf8');
      let engine: DetectionEngine;
      let mine: Set<string>;
      try {
        // The pack is loaded too, so that a correlation may reference a shipped rule; a rule of the
        // file with the id of a shipped one replaces it.
        const own = loadRules([{ name: file, text }]).rules;
        mine = new Set(own.map((r) => r.key));
        const pack = loadRules(RULE_PACK_DIR).rules.filter((r) => !mine.has(r.key));
        engine = new DetectionEngine(buildRuleSet([...pack, ...own]));
      } catch (err) {
        if (err instanceof DetectError)
          throw new CliError('INPUT_INVALID', err.message, { cause: err });
        throw err;
      }
      const events = await eventsSince(flags, parseSince(flags.since));
      let found = 0;
      const emit = (ds: ReturnType<DetectionEngine['process']>) => {
        for (const d of ds) {
          if (!mine.has(d.ruleId)) continue;
          found++;
          process.stdout.write(`${JSON.stringify(d)}\n`);
        }
      };
      for (const e of events) emit(engine.process(e));
      emit(engine.tick(Date.now()));
      process.stderr.write(
        `${events.length} events since ${flags.since}, ${found} detections by ${file}\n`,
      );
    });
}
