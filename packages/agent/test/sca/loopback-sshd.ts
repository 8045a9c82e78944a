// A real sshd on 127.0.0.1 for agentless tests: temp host key, one authorized client key,
// no PAM; stop() kills it and removes its files (tests run as root here, as sshd needs).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoopbackSshd {
  port: number;
  identity: string;
  options: string[];
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.end();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

export async function startSshd(): Promise<LoopbackSshd> {
  const tmp = mkdtempSync(join(tmpdir(), 'kw-sshd-'));
  const port = await freePort();
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(tmp, 'host')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(tmp, 'client')]);
  cpSync(join(tmp, 'client.pub'), join(tmp, 'authorized_keys'));
  chmodSync(join(tmp, 'authorized_keys'), 0o600);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation directory
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(tmp, 'host')}`,
    `AuthorizedKeysFile ${join(tmp, 'authorized_keys')}`,
    `PidFile ${join(tmp, 'sshd.pid')}`,
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'LogLevel ERROR',
  ];
  writeFileSync(join(tmp, 'sshd_config'), config.join('\n') + '\n');
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(tmp, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  for (let i = 0; i < 100 && !(await accepts(port)); i++)
    await new Promise((r) => setTimeout(r, 50));
  return {
    port,
    identity: join(tmp, 'client'),
    options: [
      'StrictHostKeyChecking=no',
      `UserKnownHostsFile=${join(tmp, 'known_hosts')}`,
      'LogLevel=ERROR',
    ],
    stop: () => {
      child.kill();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
