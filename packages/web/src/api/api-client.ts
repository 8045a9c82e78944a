// The one way the web view talks to keywatch: the same HTTP API the CLI uses, authenticated by
// the session cookie the browser holds (HttpOnly: this code never sees it). State-changing calls
// carry the session's CSRF token; a 401 means the session is gone, and the app shows sign-in.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Fired when a call answers 401: the session expired or was revoked. */
export const SIGNED_OUT = 'keywatch:signed-out';

async function call(
  path: string,
  init: { method?: string; body?: unknown; text?: { body: string; type: string } } = {},
): Promise<Response> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.text) headers['content-type'] = init.text.type;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const body = init.text ? init.text.body : init.body !== undefined && JSON.stringify(init.body);
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== false && { body }),
  });
  if (res.ok) return res;
  let code = 'HTTP_' + String(res.status);
  let message = res.statusText;
  try {
    const body = (await res.json()) as { error?: { code: string; message: string } };
    if (body.error) ({ code, message } = body.error);
  } catch {
    // not JSON: keep the status line
  }
  if (res.status === 401 && path !== '/v1/auth/login') window.dispatchEvent(new Event(SIGNED_OUT));
  throw new ApiError(res.status, code, message);
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await call(path)).json()) as T;
}

export async function getText(path: string): Promise<string> {
  return (await call(path)).text();
}

export async function getBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(await (await call(path)).arrayBuffer());
}

export async function send<T>(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  return (await (await call(path, { method, body: body ?? {} })).json()) as T;
}

/** Sends a text body as it is (e.g. a CSV file with `text/csv`). */
export async function sendText<T>(path: string, body: string, type: string): Promise<T> {
  return (await (await call(path, { method: 'POST', text: { body, type } })).json()) as T;
}

/** A query string from the set fields of an object. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
