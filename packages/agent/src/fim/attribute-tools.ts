// Runs getfattr/getfacl/setfattr/setfacl (Debian's attr and acl packages): Node has no xattr API.
// Many paths per invocation, so a 20,000-file scan costs a few dozen processes, not 40,000.
import { spawn } from 'node:child_process';
import { FimError } from './fim-error.ts';

export interface ToolResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function runTool(cmd: string, args: readonly string[], input?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) =>
      reject(
        new FimError(
          'ATTRIBUTE_TOOL_FAILED',
          `${cmd} could not run (install acl and attr): ${e.message}`,
          { cause: e },
        ),
      ),
    );
    child.on('close', (code) =>
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? -1,
      }),
    );
    if (input !== undefined) {
      // A tool that exits early closes its stdin; its exit code and stderr say why, not EPIPE.
      child.stdin!.on('error', () => {});
      child.stdin!.end(input);
    }
  });
}

/** Splits paths into argument lists that stay well under the kernel's argv limit. */
export function chunkPaths(paths: readonly string[], maxBytes = 96 * 1024): string[][] {
  const chunks: string[][] = [];
  let cur: string[] = [];
  let bytes = 0;
  for (const p of paths) {
    const len = Buffer.byteLength(p) + 1;
    if (cur.length > 0 && bytes + len > maxBytes) {
      chunks.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(p);
    bytes += len;
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

/** getfattr and getfacl escape unusual bytes in names as backslash + three octal digits. */
export function unescapeToolPath(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && /^[0-7]{3}$/.test(s.slice(i + 1, i + 4))) {
      bytes.push(parseInt(s.slice(i + 1, i + 4), 8));
      i += 3;
    } else bytes.push(...Buffer.from(s[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

export function escapeToolPath(p: string): string {
  let out = '';
  for (const b of Buffer.from(p, 'utf8')) {
    out +=
      b <= 0x20 || b === 0x5c || b >= 0x7f
        ? `\\${b.toString(8).padStart(3, '0')}`
        : String.fromCharCode(b);
  }
  return out;
}
