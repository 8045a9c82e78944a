// A small client for the keywatch HTTP API (DESIGN.md); errors carry the server's code.
import { CliError } from './cli-error.ts';

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  async request(
    path: string,
    init: { method?: string; body?: string; contentType?: string } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (init.contentType) headers['content-type'] = init.contentType;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method: init.method ?? 'GET',
        headers,
        body: init.body ?? null,
      });
    } catch (err) {
      throw new CliError(
        'SERVER_ERROR',
        `cannot reach ${this.baseUrl}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    if (!res.ok) {
      const text = await res.text();
      let detail = text;
      try {
        const body = JSON.parse(text) as { error?: { code: string; message: string } };
        if (body.error) detail = `${body.error.code}: ${body.error.message}`;
      } catch {
        /* not JSON: show the text */
      }
      throw new CliError(
        'SERVER_ERROR',
        `${init.method ?? 'GET'} ${path} failed (${res.status}) ${detail}`,
      );
    }
    return res;
  }

  async text(path: string): Promise<string> {
    return (await this.request(path)).text();
  }

  async json<T>(path: string): Promise<T> {
    return (await (await this.request(path)).json()) as T;
  }

  async bytes(path: string): Promise<Buffer> {
    return Buffer.from(await (await this.request(path)).arrayBuffer());
  }
}
