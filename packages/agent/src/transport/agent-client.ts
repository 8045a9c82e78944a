// The agent's side of the signed transport (protocol agent-signing.ts): each request is signed with
// the agent's Ed25519 key over method, path and query, body SHA-256, agent id, timestamp and a
// fresh nonce. Network failures are SERVER_UNREACHABLE; error answers are SERVER_REFUSED with the
// server's code, so callers can tell "retry later" from "this will never work".
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

export class AgentClient {
  constructor(private readonly opts: AgentClientOptions) {}

  request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
    return this.send(method, path, body === undefined ? '' : JSON.stringify(body));
  }

  /** The same with a body that is JSON text already (the shipper splices spooled events). */
  async send(method: 'GET' | 'POST' | 'PUT', path: string, text: string): Promise<unknown> {
    const url = new URL(path, this.opts.server);
    const pathAndQuery = url.pathname + url.search;
    const contentSha256 = createHash('sha256').update(text).digest('hex');
    const timestamp = String(Date.now());
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
    return sendJson(url, method, headers, text, this.opts.timeoutMs ?? 30_000);
  }
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
  const answer = await res.text().catch(() => '');
  if (!res.ok) {
    let code = `HTTP ${res.status}`;
    try {
      code = (JSON.parse(answer) as { error: { code: string; message: string } }).error.code;
    } catch {
      // not a keywatch error body; the status says enough
    }
    const err = new AgentError(
      'SERVER_REFUSED',
      `${method} ${url.pathname}: ${code} ${answer.slice(0, 300)}`,
    );
    // 5xx and 429 are worth retrying; 4xx are not.
    (err as AgentError & { retryable?: boolean }).retryable =
      res.status >= 500 || res.status === 429;
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
