// HTTP(S) health of a KMS endpoint. With `kind: vault` the status codes of Vault's
// /v1/sys/health mean: 200 active, 429 unsealed standby, 472 DR secondary, 473 performance
// standby (all serving), 501 not initialized, 503 sealed (critical: the KMS cannot serve keys).
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Severity } from '@keywatch/protocol';
import type { HttpProbe } from './probe-policy.ts';
import { worst, type ProbeResult } from './probe-result.ts';

const VAULT: Record<number, { state: string; ok: boolean; severity: Severity }> = {
  200: { state: 'active', ok: true, severity: 'info' },
  429: { state: 'standby', ok: true, severity: 'info' },
  472: { state: 'dr_secondary', ok: true, severity: 'info' },
  473: { state: 'performance_standby', ok: true, severity: 'info' },
  501: { state: 'uninitialized', ok: false, severity: 'high' },
  503: { state: 'sealed', ok: false, severity: 'critical' },
};

function get(p: HttpProbe): Promise<{ status: number; ms: number }> {
  const url = new URL(p.url);
  const started = process.hrtime.bigint();
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'GET',
        timeout: p.timeout_ms ?? 5000,
        ...(p.ca_file !== undefined && { ca: readFileSync(p.ca_file, 'utf8') }),
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${p.timeout_ms ?? 5000} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export async function runHttpProbe(p: HttpProbe): Promise<ProbeResult> {
  const base = { type: 'probe.http' as const, name: p.name, target: p.url };
  let answer: { status: number; ms: number };
  try {
    answer = await get(p);
  } catch (err) {
    const message = `${p.name}: ${p.url} unreachable: ${(err as Error).message}`;
    return {
      ...base,
      ok: false,
      severity: 'critical',
      message,
      detail: { url: p.url, error: (err as Error).message },
    };
  }
  const latency = Math.round(answer.ms * 10) / 10;
  const vault = p.kind === 'vault' ? VAULT[answer.status] : undefined;
  const expected = p.expect_status ?? [];
  let ok =
    p.kind === 'vault'
      ? (vault?.ok ?? false)
      : expected.length > 0
        ? expected.includes(answer.status)
        : answer.status >= 200 && answer.status < 300;
  let severity: Severity = ok ? 'info' : (vault?.severity ?? 'high');
  const slow = p.latency_warn_ms !== undefined && answer.ms > p.latency_warn_ms;
  if (slow) {
    ok = false;
    severity = worst(severity, 'medium');
  }
  const state = vault ? ` (${vault.state})` : '';
  return {
    ...base,
    ok,
    severity,
    message: `${p.name}: HTTP ${answer.status}${state} in ${latency} ms${slow ? ` (over ${p.latency_warn_ms} ms)` : ''}`,
    detail: {
      url: p.url,
      status: answer.status,
      latency_ms: latency,
      ...(vault && { vault_state: vault.state }),
      ...(slow && { latency_warn_ms: p.latency_warn_ms }),
    },
  };
}
