// TCP reachability (e.g. KMIP on 5696): connect, measure, close. Refused or timed out is a
// critical failure; slower than latency_warn_ms a medium one.
import { connect } from 'node:net';
import type { TcpProbe } from './probe-policy.ts';
import type { ProbeResult } from './probe-result.ts';

function connectMs(p: TcpProbe): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const socket = connect({ host: p.host, port: p.port, timeout: p.timeout_ms ?? 5000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
    socket.once('timeout', () =>
      socket.destroy(new Error(`no connection within ${p.timeout_ms ?? 5000} ms`)),
    );
    socket.once('error', reject);
  });
}

export async function runTcpProbe(p: TcpProbe): Promise<ProbeResult> {
  const target = `${p.host}:${p.port}`;
  const base = { type: 'probe.tcp' as const, name: p.name, target };
  try {
    const ms = Math.round((await connectMs(p)) * 10) / 10;
    const slow = p.latency_warn_ms !== undefined && ms > p.latency_warn_ms;
    return {
      ...base,
      ok: !slow,
      severity: slow ? 'medium' : 'info',
      message: `${p.name}: ${target} reachable in ${ms} ms${slow ? ` (over ${p.latency_warn_ms} ms)` : ''}`,
      detail: {
        host: p.host,
        port: p.port,
        latency_ms: ms,
        ...(slow && { latency_warn_ms: p.latency_warn_ms }),
      },
    };
  } catch (err) {
    const error = (err as Error).message;
    return {
      ...base,
      ok: false,
      severity: 'critical',
      message: `${p.name}: ${target} unreachable: ${error}`,
      detail: { host: p.host, port: p.port, error },
    };
  }
}
