// Representative records per source for the golden tests: failures, role mapping, pairing,
// service identities and incomplete records included.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecoderOptions, SourceKind } from '../src/core/record-types.ts';
import { OPTIONS, SAMPLES } from './helpers.ts';

export interface GoldenCase {
  name: string;
  kind: SourceKind;
  text: string;
  options?: DecoderOptions;
}

const file = (dir: string, name: string) => readFileSync(join(SAMPLES, dir, name), 'utf8');
const lines = (dir: string, name: string, pick: number[]) => {
  const all = file(dir, name).split('\n');
  return pick.map((n) => all[n - 1]).join('\n');
};
const hsmBlocks = (pick: number[]) => {
  const blocks = file('cloudhsm', 'audit.log').split(/\n\s*\n/);
  return pick.map((n) => blocks[n - 1]).join('\n\n');
};

const stopLogging = JSON.stringify({
  eventVersion: '1.08',
  userIdentity: {
    type: 'Root',
    principalId: '111122223333',
    arn: 'arn:aws:iam::111122223333:root',
    accountId: '111122223333',
  },
  eventTime: '2026-03-01T10:00:00Z',
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'aws-cli/2.15',
  requestParameters: { name: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail' },
  responseElements: null,
  requestID: 'req-1',
  eventID: 'evt-stoplogging-1',
  readOnly: false,
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
});
const watched = [
  'type=SYSCALL msg=audit(1700000000.100:501): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=55d0 items=1 ppid=1 pid=4242 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=12 comm="cat" exe="/usr/bin/cat" key="kms-keys"',
  'type=CWD msg=audit(1700000000.100:501): cwd="/root"',
  'type=PATH msg=audit(1700000000.100:501): item=0 name="/etc/vault/tls/vault.key" inode=123 dev=08:01 mode=0100600 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL',
  'type=PROCTITLE msg=audit(1700000000.100:501): proctitle=636174002F6574632F7661756C742F746C732F7661756C742E6B6579',
].join('\n');

export const GOLDEN_CASES: GoldenCase[] = [
  {
    name: 'vault-samples',
    kind: 'vault',
    text: file('vault', 'audit.log'),
    options: { ...OPTIONS, host: 'vault-1', vaultPolicyRoles: { 'group-admin': ['key_admin'] } },
  },
  {
    name: 'cloudtrail-schedule-deletion',
    kind: 'cloudtrail',
    text: file('cloudtrail-kms', 'ct-schedule-key-deletion-1.json'),
  },
  {
    name: 'cloudtrail-failure-xks',
    kind: 'cloudtrail',
    text: file('cloudtrail-kms', 'ct-decrypt-5.json'),
  },
  {
    name: 'cloudtrail-aws-service',
    kind: 'cloudtrail',
    text: file('cloudtrail-kms', 'ct-delete-key-1.json'),
  },
  {
    name: 'cloudtrail-mapped-principal',
    kind: 'cloudtrail',
    text: file('cloudtrail-kms', 'ct-put-key-policy.json'),
    options: {
      ...OPTIONS,
      awsPrincipalRoles: { 'arn:aws:iam::111122223333:user/*': ['key_admin'] },
    },
  },
  {
    name: 'cloudtrail-stop-logging-root',
    kind: 'cloudtrail',
    text: JSON.stringify({ Records: [JSON.parse(stopLogging) as unknown] }),
  },
  {
    name: 'gcp-kms',
    kind: 'gcp-kms',
    text: lines('gcp-kms', 'events.jsonl', [3, 6, 8, 10]),
    options: { ...OPTIONS, gcpPrincipalRoles: { 'denethor@lotr.com': ['key_admin'] } },
  },
  {
    name: 'azure-auditevent',
    kind: 'azure-keyvault',
    text: file('azure-keyvault', 'msdocs-auditevent.json'),
  },
  {
    name: 'azure-activity',
    kind: 'azure-keyvault',
    text: lines('azure-keyvault', 'events.jsonl', [9, 12, 18]),
  },
  {
    name: 'cloudhsm',
    kind: 'cloudhsm',
    text: hsmBlocks([7, 9, 10, 11, 12, 15, 16, 32]),
    options: { ...OPTIONS, host: 'hsm-abc123' },
  },
  {
    name: 'auditd',
    kind: 'auditd',
    text: [
      lines('auditd', 'test-auditd-raw.log', [2, 3, 15, 37, 38, 39, 40, 41, 45]),
      lines('auditd', 'test-auditd-useradd.log', [11, 17]),
      watched,
    ].join('\n'),
  },
  {
    name: 'syslog',
    kind: 'syslog',
    text: [
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][meta sequenceId="7"] \uFEFFAn application event log entry...',
      "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
      `<110>1 2026-02-01T12:00:00Z vault-1 vault - - - ${file('vault', 'audit.log').split('\n')[4]}`,
      '<38>Feb  5 17:32:18 kms-host audispd: node=kms-host type=USER_LOGIN msg=audit(1700000100.000:77): pid=1 uid=0 auid=1001 ses=3 msg=\'op=login acct="alice" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.9 terminal=ssh res=failed\'',
      '<13>1 - - - - - -',
    ].join('\n'),
  },
];
