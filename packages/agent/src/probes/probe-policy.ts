// The `probes:` section of an agent policy: HTTP(S) health endpoints (with Vault's /v1/sys/health
// status meanings when `kind: vault`), TCP reachability, TLS checks; each with its thresholds.
import { AgentError } from '../agent-error.ts';

export interface HttpProbe {
  name: string;
  url: string;
  kind?: 'vault' | 'http';
  /** Healthy statuses for kind http (default 200-299). */
  expect_status?: number[];
  latency_warn_ms?: number;
  timeout_ms?: number;
  /** PEM CA bundle file to trust for https (default: the system's). */
  ca_file?: string;
}

export interface TcpProbe {
  name: string;
  host: string;
  port: number;
  latency_warn_ms?: number;
  timeout_ms?: number;
}

export interface TlsProbe {
  name: string;
  host: string;
  port: number;
  /** The name the certificate must match (default: host). */
  servername?: string;
  ca_file?: string;
  /** Fewer days than this to expiry is a finding (default 30). */
  min_days?: number;
  min_rsa_bits?: number;
  min_ec_bits?: number;
  timeout_ms?: number;
}

export interface ProbesPolicy {
  interval_seconds: number;
  http: HttpProbe[];
  tcp: TcpProbe[];
  tls: TlsProbe[];
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function list<T>(v: unknown, what: string, check: (x: Record<string, unknown>) => boolean): T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalid(`${what} must be a list`);
  return v.map((x, i) => {
    if (!isObj(x) || typeof x['name'] !== 'string' || !check(x))
      throw invalid(`${what}[${i}] is incomplete (name and its target are required)`);
    return x as T;
  });
}

const invalid = (m: string): AgentError => new AgentError('POLICY_INVALID', `probes: ${m}`);
const port = (x: Record<string, unknown>): boolean =>
  typeof x['host'] === 'string' &&
  Number.isInteger(x['port']) &&
  (x['port'] as number) > 0 &&
  (x['port'] as number) < 65536;

export function parseProbesPolicy(section: unknown): ProbesPolicy {
  if (!isObj(section)) throw invalid('the section must be a mapping');
  const interval = section['interval_seconds'] ?? 30;
  if (typeof interval !== 'number' || !(interval > 0))
    throw invalid('interval_seconds must be positive');
  return {
    interval_seconds: interval,
    http: list<HttpProbe>(
      section['http'],
      'http',
      (x) => typeof x['url'] === 'string' && /^https?:\/\//.test(x['url']),
    ),
    tcp: list<TcpProbe>(section['tcp'], 'tcp', port),
    tls: list<TlsProbe>(section['tls'], 'tls', port),
  };
}
