// Object collection for the supported OVAL 5.11 objects: independent textfilecontent54,
// family and variable; unix file and uname; linux dpkginfo and rpminfo. Each returns items as
// field → values maps, named as in the matching system-characteristics schema.
import { release, hostname, machine, version as kernelVersion } from 'node:os';
import { posix } from 'node:path';
import type { HostRoot } from './host-root.ts';
import type { Inventory } from './package-inventory.ts';
import { parseDebVersion } from '@keywatch/protocol';
import { parseEvr } from './rpm-version.ts';
import { child, type XNode } from './oval-document.ts';
import { compareEntity, ovalRegex } from './oval-entity-compare.ts';
import { OvalNotApplicable, OvalNotCollected, OvalUnsupported } from './oval-result.ts';
import type { Item } from './oval-variables.ts';

export interface CollectEnv {
  root: HostRoot;
  inventory(): Promise<Inventory>;
  /** Values of an entity: its text, or its var_ref's values. */
  values(entity: XNode): Promise<string[]>;
}

const WALK_LIMIT = 50_000;

/** Paths an object's path/filepath entity names; "pattern match" walks the literal prefix. */
async function matchPaths(env: CollectEnv, entity: XNode, dirsOnly: boolean): Promise<string[]> {
  const op = entity.attrs['operation'] ?? 'equals';
  const vals = await env.values(entity);
  if (op === 'equals') return vals;
  if (op !== 'pattern match') throw new OvalUnsupported(`path operation ${op}`);
  const out: string[] = [];
  for (const pattern of vals) {
    const re = ovalRegex(pattern);
    const literal = /^\^?((?:\/[\w.-]+)*)\//.exec(pattern)?.[1] ?? '';
    if (literal.split('/').length < 2)
      throw new OvalUnsupported(`path pattern ${pattern} is too broad`);
    const dirs = [literal];
    let seen = 0;
    while (dirs.length) {
      const d = dirs.pop()!;
      if (re.test(d) && dirsOnly) out.push(d);
      for (const name of (await env.root.list(d)) ?? []) {
        const p = `${d}/${name}`;
        if (++seen > WALK_LIMIT)
          throw new OvalUnsupported(`path pattern ${pattern} matches too much`);
        const st = await env.root.lstat(p);
        if (st?.isDirectory()) dirs.push(p);
        else if (!dirsOnly && re.test(p)) out.push(p);
      }
    }
  }
  return out.sort();
}

async function fileTargets(env: CollectEnv, obj: XNode): Promise<string[]> {
  const rd = child(obj, 'behaviors')?.attrs['recurse_direction'];
  if (rd && rd !== 'none') throw new OvalUnsupported(`file behaviors recurse_direction=${rd}`);
  const filepath = child(obj, 'filepath');
  if (filepath) return matchPaths(env, filepath, false);
  const path = child(obj, 'path');
  const filename = child(obj, 'filename');
  if (!path) throw new OvalUnsupported('object without filepath or path');
  const dirs = await matchPaths(env, path, true);
  if (!filename || filename.attrs['nil'] === 'true') return dirs;
  const out: string[] = [];
  const op = filename.attrs['operation'] ?? 'equals';
  for (const d of dirs) {
    for (const want of await env.values(filename)) {
      if (op === 'equals') out.push(posix.join(d, want));
      else
        for (const name of (await env.root.list(d)) ?? [])
          if (compareEntity(name, op, 'string', want)) out.push(posix.join(d, name));
    }
  }
  return out;
}

const split = (p: string) => ({ path: [posix.dirname(p)], filename: [posix.basename(p)] });

async function textfilecontent54(env: CollectEnv, obj: XNode): Promise<Item[]> {
  const patternNode = child(obj, 'pattern');
  if (!patternNode) throw new OvalUnsupported('textfilecontent54 without pattern');
  const op = patternNode.attrs['operation'] ?? 'pattern match';
  if (op !== 'pattern match') throw new OvalUnsupported(`pattern operation ${op}`);
  const b = child(obj, 'behaviors')?.attrs ?? {};
  // OVAL 5.11 textfilecontent54 behaviors: multiline defaults to true, singleline to false.
  const flags = `g${b['multiline'] === 'false' ? '' : 'm'}${b['singleline'] === 'true' ? 's' : ''}`;
  const instance = child(obj, 'instance');
  const items: Item[] = [];
  for (const file of await fileTargets(env, obj)) {
    const st = await env.root.stat(file);
    if (!st?.isFile()) continue;
    const text = (await env.root.readText(file)) ?? '';
    for (const pattern of await env.values(patternNode)) {
      const re = ovalRegex(pattern, flags);
      let n = 0;
      for (const m of text.matchAll(re)) {
        n++;
        if (instance) {
          const iop = instance.attrs['operation'] ?? 'equals';
          const ok = (await env.values(instance)).some((v) =>
            compareEntity(String(n), iop, 'int', v),
          );
          if (!ok) continue;
        }
        items.push({
          filepath: [file],
          ...split(file),
          pattern: [pattern],
          instance: [String(n)],
          text: [m[0]],
          subexpression: m.slice(1).map((s) => s ?? ''),
        });
      }
    }
  }
  return items;
}

async function unixFile(env: CollectEnv, obj: XNode): Promise<Item[]> {
  const items: Item[] = [];
  for (const file of await fileTargets(env, obj)) {
    const st = await env.root.lstat(file);
    if (!st) continue;
    const m = st.mode;
    const bit = (b: number) => [(m & b) !== 0 ? 'true' : 'false'];
    const type = st.isSymbolicLink()
      ? 'symbolic link'
      : st.isDirectory()
        ? 'directory'
        : st.isFile()
          ? 'regular'
          : st.isFIFO()
            ? 'named pipe'
            : st.isSocket()
              ? 'socket'
              : st.isCharacterDevice()
                ? 'character special'
                : 'block special';
    let acl: string[];
    try {
      acl = await env.root.acl(file);
    } catch {
      acl = [];
    }
    items.push({
      filepath: [file],
      ...split(file),
      type: [type],
      user_id: [String(st.uid)],
      group_id: [String(st.gid)],
      size: [String(st.size)],
      a_time: [String(Math.floor(st.atimeMs / 1000))],
      c_time: [String(Math.floor(st.ctimeMs / 1000))],
      m_time: [String(Math.floor(st.mtimeMs / 1000))],
      suid: bit(0o4000),
      sgid: bit(0o2000),
      sticky: bit(0o1000),
      uread: bit(0o400),
      uwrite: bit(0o200),
      uexec: bit(0o100),
      gread: bit(0o40),
      gwrite: bit(0o20),
      gexec: bit(0o10),
      oread: bit(0o4),
      owrite: bit(0o2),
      oexec: bit(0o1),
      has_extended_acl: [acl.some((e) => /^(user|group):[^:]+:/.test(e)) ? 'true' : 'false'],
    });
  }
  return items;
}

async function packages(env: CollectEnv, obj: XNode, format: 'deb' | 'rpm'): Promise<Item[]> {
  const nameNode = child(obj, 'name');
  if (!nameNode) throw new OvalUnsupported('package object without name');
  const inv = await env.inventory();
  // No database of this format but one of the other (rpminfo on Debian): the host has no such
  // package, so no item — "does not exist", as OpenSCAP's probe answers. Taking it for "not
  // applicable" instead made `installed_OS_is_centos7` (Unix family AND centos-release) true on
  // Debian, since AND skips a not-applicable operand. No package database at all (a partial
  // --root copy): the question does not apply to what we were given.
  if (!inv.sources.includes(format === 'deb' ? 'dpkg' : 'rpm')) {
    if (inv.sources.length > 0) return [];
    throw new OvalNotApplicable('no package database');
  }
  const op = nameNode.attrs['operation'] ?? 'equals';
  const wanted = await env.values(nameNode);
  const items: Item[] = [];
  for (const p of inv.packages.filter((p) => p.format === format)) {
    if (!wanted.some((w) => compareEntity(p.name, op, 'string', w))) continue;
    if (format === 'deb') {
      const v = parseDebVersion(p.version);
      const epoch = String(v?.epoch ?? 0);
      const rel = v?.revision ?? '';
      items.push({
        name: [p.name],
        arch: [p.arch],
        epoch: [epoch],
        release: [rel],
        version: [v?.upstream ?? p.version],
        evr: [`${epoch}:${v?.upstream ?? p.version}${rel ? `-${rel}` : ''}`],
      });
    } else {
      const v = parseEvr(p.version);
      const epoch = v.epoch ?? '0';
      items.push({
        name: [p.name],
        arch: [p.arch],
        epoch: [epoch],
        release: [v.release ?? ''],
        version: [v.version],
        evr: [`${epoch}:${v.version}-${v.release ?? ''}`],
      });
    }
  }
  return items;
}

export async function collectObject(env: CollectEnv, obj: XNode): Promise<Item[]> {
  if (child(obj, 'set')) throw new OvalUnsupported('object sets');
  if (child(obj, 'filter')) throw new OvalUnsupported('object filters');
  switch (obj.name) {
    case 'independent:textfilecontent54_object':
      return textfilecontent54(env, obj);
    case 'unix:file_object':
      return unixFile(env, obj);
    case 'linux:dpkginfo_object':
      return packages(env, obj, 'deb');
    case 'linux:rpminfo_object':
      return packages(env, obj, 'rpm');
    case 'independent:family_object':
      // A Linux host or tree (this agent runs nowhere else): OVAL FamilyEnumeration "unix".
      return [{ family: ['unix'] }];
    case 'unix:uname_object':
      if (!env.root.live) throw new OvalNotCollected('uname of a tree under --root is unknown');
      return [
        {
          machine_class: [machine()],
          node_name: [hostname()],
          os_name: ['Linux'],
          os_release: [release()],
          os_version: [kernelVersion()],
          processor_type: [machine()],
        },
      ];
    case 'independent:variable_object': {
      const ref = child(obj, 'var_ref');
      if (!ref) throw new OvalUnsupported('variable_object without var_ref');
      return [
        { var_ref: [ref.text], value: await env.values({ ...ref, attrs: { var_ref: ref.text } }) },
      ];
    }
    default:
      throw new OvalUnsupported(`object ${obj.name}`);
  }
}
