// TLS check of an endpoint: the chain against the trusted CAs, the host name, days to expiry, the
// key's algorithm and size, and handshake latency. The handshake accepts any certificate so that
// a bad one can be described (nothing is sent over the connection); each finding raises severity.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkServerIdentity, connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { Severity } from '@keywatch/protocol';
import type { TlsProbe } from './probe-policy.ts';
import { worst, type ProbeResult } from './probe-result.ts';

const DAY_MS = 86_400_000;

function handshake(p: TlsProbe): Promise<{ socket: TLSSocket; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: p.host,
      port: p.port,
      servername: p.servername ?? p.host,
      rejectUnauthorized: false,
      timeout: p.timeout_ms ?? 5000,
      ...(p.ca_file !== undefined && { ca: readFileSync(p.ca_file, 'utf8') }),
    });
    socket.once('secureConnect', () =>
      resolve({ socket, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
    );
    socket.once('timeout', () =>
      socket.destroy(new Error(`no handshake within ${p.timeout_ms ?? 5000} ms`)),
    );
    socket.once('error', reject);
  });
}

export async function runTlsProbe(p: TlsProbe): Promise<ProbeResult> {
  const target = `${p.host}:${p.port}`;
  const base = { type: 'probe.tls' as const, name: p.name, target };
  let hs: { socket: TLSSocket; ms: number };
  try {
    hs = await handshake(p);
  } catch (err) {
    const error = (err as Error).message;
    return {
      ...base,
      ok: false,
      severity: 'critical',
      message: `${p.name}: no TLS handshake with ${target}: ${error}`,
      detail: { error },
    };
  }
  const peer: PeerCertificate = hs.socket.getPeerCertificate();
  const chainError = hs.socket.authorizationError ? String(hs.socket.authorizationError) : null;
  const protocol = hs.socket.getProtocol();
  hs.socket.destroy();
  const findings: string[] = [];
  let severity: Severity = 'info';
  const find = (s: Severity, text: string): void => {
    findings.push(text);
    severity = worst(severity, s);
  };
  if (chainError) find('high', `chain not trusted (${chainError})`);
  const servername = p.servername ?? p.host;
  const nameError = checkServerIdentity(servername, peer);
  if (nameError) find('high', `name ${servername} not in the certificate`);
  const x509 = new X509Certificate(peer.raw);
  const days = Math.floor((Date.parse(x509.validTo) - Date.now()) / DAY_MS);
  if (days < 0) find('critical', `expired ${-days} day(s) ago`);
  else if (days < (p.min_days ?? 30)) find('medium', `expires in ${days} day(s)`);
  const algorithm = x509.publicKey.asymmetricKeyType ?? 'unknown';
  const details = x509.publicKey.asymmetricKeyDetails ?? {};
  const bits = details.modulusLength ?? curveBits(details.namedCurve);
  if (algorithm === 'rsa' && bits !== undefined && bits < (p.min_rsa_bits ?? 2048))
    find('medium', `RSA key of ${bits} bits`);
  if (algorithm === 'ec' && bits !== undefined && bits < (p.min_ec_bits ?? 256))
    find('medium', `EC key of ${bits} bits`);
  const ms = Math.round(hs.ms * 10) / 10;
  return {
    ...base,
    ok: findings.length === 0,
    severity,
    message: `${p.name}: ${target} ${findings.length === 0 ? 'TLS OK' : findings.join('; ')} (${ms} ms)`,
    detail: {
      host: p.host,
      port: p.port,
      servername,
      protocol,
      chain_valid: chainError === null,
      chain_error: chainError,
      hostname_match: nameError === undefined,
      days_to_expiry: days,
      not_after: new Date(Date.parse(x509.validTo)).toISOString(),
      subject: x509.subject,
      issuer: x509.issuer,
      key_algorithm: algorithm,
      key_bits: bits ?? null,
      ...(details.namedCurve !== undefined && { curve: details.namedCurve }),
      latency_ms: ms,
      findings,
    },
  };
}

function curveBits(curve: string | undefined): number | undefined {
  if (curve === undefined) return undefined;
  const m = /(\d{3})/.exec(curve);
  return m ? Number(m[1]) : undefined;
}
