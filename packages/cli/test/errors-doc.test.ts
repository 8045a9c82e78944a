// docs/errors.md lists every error code of every domain, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AUDIT_LOG_ERROR_CODES } from '@keywatch/auditlog';
import { STORE_ERROR_CODES } from '@keywatch/store';
import { API_ERROR_CODES } from '@keywatch/server';
import { CLI_ERROR_CODES } from '@keywatch/cli';
import { ALERT_ERROR_CODES } from '@keywatch/alert';
import { AGENT_ERROR_CODES, FIM_ERROR_CODES, KEY_CHECK_ERROR_CODES } from '@keywatch/agent';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

function section(title: string): Set<string> {
  const start = doc.indexOf(`## ${title}`);
  assert.ok(start >= 0, `docs/errors.md has a section ${title}`);
  const end = doc.indexOf('\n## ', start + 1);
  const body = doc.slice(start, end === -1 ? undefined : end);
  return new Set([...body.matchAll(/^\| `([A-Z_]+)` *\|/gm)].map((m) => m[1]!));
}

test('docs/errors.md and the code lists agree, both ways', () => {
  const domains: [string, readonly string[]][] = [
    ['HTTP API', API_ERROR_CODES],
    ['Audit log verification', AUDIT_LOG_ERROR_CODES],
    ['Storage', STORE_ERROR_CODES],
    ['Command line', CLI_ERROR_CODES],
    ['Alerts', ALERT_ERROR_CODES],
    ['File integrity', FIM_ERROR_CODES],
    ['Agent', AGENT_ERROR_CODES],
    ['Keys', KEY_CHECK_ERROR_CODES],
  ];
  for (const [title, codes] of domains) {
    assert.deepEqual([...section(title)].sort(), [...codes].sort(), title);
  }
});
