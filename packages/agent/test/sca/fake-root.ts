// Builds a small fake host tree in a temp directory: a dpkg status file, /etc files, /proc/sys,
// systemd .wants links. compliantRoot() is a KMS host that passes kms-hardening.yml; tests then
// plant one misconfiguration each.
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const VAULT_UID = 4711;

export class FakeRoot {
  readonly dir = mkdtempSync(join(tmpdir(), 'kw-sca-root-'));

  write(path: string, text: string, mode = 0o644, uid = 0): this {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    chmodSync(full, mode);
    chownSync(full, uid, 0);
    return this;
  }

  link(path: string, target: string): this {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    symlinkSync(target, full);
    return this;
  }

  packages(list: [string, string][]): this {
    const paras = list.map(
      ([name, version]) =>
        `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\nDescription: test\n`,
    );
    return this.write('var/lib/dpkg/status', paras.join('\n'));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const GOOD_PACKAGES: [string, string][] = [
  ['openssl', '3.0.15-1~deb12u1'],
  ['libssl3', '3.0.15-1~deb12u1'],
  ['opensc', '0.23.0-0.3+deb12u2'],
  ['softhsm2', '2.6.1-2'],
  ['openssh-server', '1:9.2p1-2+deb12u3'],
  ['auditd', '1:3.0.9-1'],
  ['chrony', '4.3-2+deb12u1'],
];

export const VAULT_HCL = `storage "raft" { path = "/var/lib/vault" }
listener "tcp" {
  address       = "0.0.0.0:8200"
  tls_cert_file = "/etc/vault.d/tls/vault.crt"
  tls_key_file  = "/etc/vault.d/tls/private/vault.key"
}
api_addr = "https://kms-1:8200"
`;

export const SSHD = `Include /etc/ssh/sshd_config.d/*.conf
PermitRootLogin no
PasswordAuthentication no
PermitEmptyPasswords no
MaxAuthTries 3
`;

export const AUDIT_RULES = `-w /etc/vault.d -p wa -k kms_config
-w /etc/kms/ -p wa -k kms_config
`;

export function compliantRoot(): FakeRoot {
  return new FakeRoot()
    .packages(GOOD_PACKAGES)
    .write(
      'etc/passwd',
      `root:x:0:0:root:/root:/bin/bash\nvault:x:${VAULT_UID}:${VAULT_UID}::/:/usr/sbin/nologin\n`,
    )
    .write('etc/group', `root:x:0:\nvault:x:${VAULT_UID}:\n`)
    .write('etc/kms/keys/master.key', 'k'.repeat(32), 0o600, VAULT_UID)
    .write('etc/kms/keys/backup.key', 'k'.repeat(32), 0o400, VAULT_UID)
    .write('etc/kms/kms.conf', 'hsm_slot = 0\n', 0o640)
    .write('etc/vault.d/vault.hcl', VAULT_HCL, 0o640, VAULT_UID)
    .write('etc/vault.d/tls/private/vault.key', '-----BEGIN PRIVATE KEY-----\n', 0o600, VAULT_UID)
    .write('var/log/vault/audit.log', '', 0o600, VAULT_UID)
    .write('etc/audit/rules.d/kms.rules', AUDIT_RULES, 0o640)
    .write('etc/ssh/sshd_config', SSHD)
    .link(
      'etc/systemd/system/multi-user.target.wants/auditd.service',
      '/lib/systemd/system/auditd.service',
    )
    .link(
      'etc/systemd/system/multi-user.target.wants/chrony.service',
      '/lib/systemd/system/chrony.service',
    )
    .write('proc/sys/fs/suid_dumpable', '0\n')
    .write('proc/sys/kernel/randomize_va_space', '2\n');
}
