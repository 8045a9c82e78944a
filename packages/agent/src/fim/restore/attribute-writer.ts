// Applies recorded owner, mode, POSIX ACL and xattrs to a (temporary) file: chown first (it
// clears set-id bits), then the ACL (setfacl --set-file, which also sets the base entries), then
// chmod for the special bits, then every xattr in one `setfattr --restore` from a getfattr-style
// dump. A directory's default ACL would otherwise leak into a file that had none: stripped.
import { chmodSync, chownSync } from 'node:fs';
import { escapeToolPath, runTool } from '../attribute-tools.ts';
import type { FileRecord } from '../file-record.ts';
import { FimError } from '../fim-error.ts';

async function must(cmd: string, args: string[], input?: string): Promise<void> {
  const r = await runTool(cmd, args, input);
  if (r.code !== 0)
    throw new FimError('RESTORE_FAILED', `${cmd} ${args[0] ?? ''} failed: ${r.stderr.trim()}`);
}

export async function applyAttributes(path: string, record: FileRecord): Promise<void> {
  chownSync(path, record.uid, record.gid);
  if (record.acl !== undefined)
    await must('setfacl', ['--set-file=-', '--', path], record.acl + '\n');
  else await must('setfacl', ['-b', '--', path]);
  chmodSync(path, record.mode);
  const xattrs = Object.entries(record.xattrs ?? {});
  if (xattrs.length > 0) {
    const dump = [
      `# file: ${escapeToolPath(path)}`,
      ...xattrs.map(([k, v]) => `${k}=0x${v}`),
      '',
    ].join('\n');
    await must('setfattr', ['-h', '--restore=-'], dump + '\n');
  }
}
