// The agent's side of the signed transport (protocol agent-signing.ts): each request is signed with
// the agent's Ed25519 key over method, path and query, body SHA-256, agent id, timestamp and a
// fresh nonce. Network failures are SERVER_UNREACHABLE; error answers are SERVER_REFUSED with the
// server's code, so callers can tell "retry later" from "this will never work".
//
// Timestamps follow the server's clock: the server accepts none ahead of its clock nor signed
// before it started (replays across a restart; server agents/agent-request-auth.ts). When it
// refuses a timestamp (AGENT_TIMESTAMP_REFUSED) the client takes the offset from the answer's
// Keywatch-Server-Time — server time minus local time at receipt, a lower bound of the true
// offset, so the next timestamps are never ahead — and re-signs the request at once.
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { AGENT_HEADERS, agentSigningString } from '@keywatch/protocol';
import { AgentError } from '../agent-error.ts';

export interface AgentClientOptions {
  server: string;
  agentId: string;
  privateKey: KeyObject;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

/** Re-signings after a refused timestamp, per request. */
const CLOCK_RETRIES = 2;

export class AgentClient {
  /** Added to the local clock for timestamps: learned from the server's refusals. */
  clockOffsetMs = 0;
  constructor(private readonly opts: AgentClientOptions) {}

  request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
    return this.send(method, path, body === undefined ? '' : JSON.stringify(body));
  }

  /** The same with a body that is JSON text already (the shipper splices spooled events). */
  async send(method: 'GET' | 'POST' | 'PUT', path: string, text: string): Promise<unknown> {
    const url = new URL(path, this.opts.server);
    const contentSha256 = createHash('sha256').update(text).digest('hex');
    for (let attempt = 0; ; attempt++) {
      try {
        const headers = this.sign(method, url, contentSha256, text);
        return await sendJson(url, method, headers, text, this.opts.timeoutMs ?? 30_000);
      } catch (err) {
        const serverMs = (err as RefusedError).serverTimeMs;
        if (
          (err as RefusedError).serverCode !== 'AGENT_TIMESTAMP_REFUSED' ||
          serverMs === undefined
        )
          throw err;
        if (attempt >= CLOCK_RETRIES) throw err;
        this.clockOffsetMs = serverMs - (err as RefusedError).receivedMs!;
      }
    }
  }

  private sign(
    method: string,
    url: URL,
    contentSha256: string,
    text: string,
  ): Record<string, string> {
    const pathAndQuery = url.pathname + url.search;
    const timestamp = String(Date.now() + this.clockOffsetMs);
    const nonce = randomBytes(16).toString('base64url');
    const message = agentSigningString({
      method,
      pathAndQuery,
      contentSha256,
      agentId: this.opts.agentId,
      timestamp,
      nonce,
    });
    const headers: Record<string, string> = {
      [AGENT_HEADERS.agent]: this.opts.agentId,
      [AGENT_HEADERS.timestamp]: timestamp,
      [AGENT_HEADERS.nonce]: nonce,
      [AGENT_HEADERS.contentSha256]: contentSha256,
      [AGENT_HEADERS.signature]: sign(null, Buffer.from(message), this.opts.privateKey).toString(
        'base64',
      ),
    };
    if (text !== '') headers['content-type'] = 'application/json';
    return headers;
  }
}

/** A refusal's server code and, when the answer carried it, the server's clock. */
interface RefusedError extends AgentError {
  retryable?: boolean;
  serverCode?: string;
  serverTimeMs?: number;
  receivedMs?: number;
}

/** A JSON request; the answer's JSON, or an AgentError naming what went wrong. */
export async function sendJson(
  url: URL,
  method: string,
  headers: Record<string, string>,
  text: string,
  timeoutMs: number,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      ...(text !== '' && { body: text }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new AgentError(
      'SERVER_UNREACHABLE',
      `${url.origin} did not answer: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const receivedMs = Date.now();
  const answer = await readText(res).catch(() => '');
  if (!res.ok) {
    let code = `HTTP ${res.status}`;
    try {
      code = (JSON.parse(answer) as { error: { code: string; message: string } }).error.code;
    } catch {
      // not a keywatch error body; the status says enough
    }
    const err: RefusedError = new AgentError(
      'SERVER_REFUSED',
      `${method} ${url.pathname}: ${code} ${answer.slice(0, 300)}`,
    );
    // 5xx and 429 are worth retrying; 4xx are not.
    err.retryable = res.status >= 500 || res.status === 429;
    err.serverCode = code;
    const serverTime = Number(res.headers.get(AGENT_HEADERS.serverTime) ?? NaN);
    if (Number.isSafeInteger(serverTime)) {
      err.serverTimeMs = serverTime;
      err.receivedMs = receivedMs;
    }
    throw err;
  }
  try {
    return JSON.parse(answer) as unknown;
  } catch (err) {
    throw new AgentError('SERVER_REFUSED', `${method} ${url.pathname}: the answer is not JSON`, {
      cause: err,
    });
  }
}

/**
 * The body as text, decoded as it arrives: res.text() joins it into one buffer first, and one as
 * big as a downloaded baseline (20 MB), freed, leaves the malloc heap that much bigger for good.
 */
async function readText(res: Response): Promise<string> {
  if (!res.body) return '';
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for await (const chunk of res.body as AsyncIterable<Uint8Array>)
    parts.push(decoder.decode(chunk, { stream: true }));
  parts.push(decoder.decode());
  return parts.join('');
}
