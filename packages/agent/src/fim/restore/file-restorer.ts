// Restores a file from known-good bytes and its recorded attributes: temp file in the same
// directory, attributes applied, fsync, atomic rename over the target, fsync of the directory,
// then re-stat and re-hash to prove the result matches the record. The tampered version is kept
// in quarantine first. The server side (content-addressed store, authorization) hands in
// `{content, attributes}`; nothing here talks to the network.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { compareRecords } from '../baseline-diff.ts';
import { fsyncDir } from '../atomic-file.ts';
import type { AttributeName, FileRecord } from '../file-record.ts';
import { FimError } from '../fim-error.ts';
import { OwnerNames } from '../owner-names.ts';
import { statRecord } from '../stat-reader.ts';
import { hashFileSync } from '../hash-worker.ts';
import { readExtendedAttributes } from '../xattr-reader.ts';
import { applyAttributes } from './attribute-writer.ts';
import { quarantineFile, type QuarantinedFile } from './quarantine.ts';

export interface RestoreInput {
  content: Buffer;
  attributes: FileRecord;
}

export interface RestoreResult {
  path: string;
  sha256: string;
  after: FileRecord;
  quarantined?: QuarantinedFile;
}

/** What must match after a restore (times, inode and nlink change by nature). */
const VERIFIED: AttributeName[] = ['type', 'sha256', 'size', 'mode', 'uid', 'gid', 'acl', 'xattrs'];

export async function restoreFile(
  path: string,
  input: RestoreInput,
  quarantineDir: string,
): Promise<RestoreResult> {
  const want = input.attributes;
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  if (want.type !== 'file' || (want.sha256 !== undefined && want.sha256 !== sha256))
    throw new FimError(
      'RESTORE_FAILED',
      `known-good content for ${path} does not match its recorded SHA-256`,
    );
  const names = new OwnerNames();
  const current = statRecord(path, names);
  const quarantined =
    current === undefined ? undefined : quarantineFile(path, current, quarantineDir);
  const tmp = join(
    dirname(path),
    `.${basename(path)}.kw-restore-${randomBytes(6).toString('hex')}`,
  );
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, input.content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await applyAttributes(tmp, want);
    const fd2 = openSync(tmp, 'r');
    fsyncSync(fd2); // the metadata just applied, before the name points at it
    closeSync(fd2);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof FimError) throw e;
    throw new FimError('RESTORE_FAILED', `restoring ${path}: ${String(e)}`, { cause: e });
  }
  fsyncDir(dirname(path));
  const after = await verify(path, names);
  const differ = compareRecords({ ...want, sha256 }, after, VERIFIED);
  if (differ !== undefined)
    throw new FimError(
      'RESTORE_VERIFY_FAILED',
      `${path} after restore differs in ${differ.attributes.join(', ')}`,
    );
  return { path, sha256, after, ...(quarantined && { quarantined }) };
}

async function verify(path: string, names: OwnerNames): Promise<FileRecord> {
  const after = statRecord(path, names);
  if (after === undefined)
    throw new FimError('RESTORE_VERIFY_FAILED', `${path} is missing after restore`);
  after.sha256 = hashFileSync(path).sha256;
  const ea = (await readExtendedAttributes([path])).get(path);
  if (ea?.acl !== undefined) after.acl = ea.acl;
  if (ea?.xattrs !== undefined) after.xattrs = ea.xattrs;
  return after;
}
