// The server's copy of Debian version ordering agrees with the agent's (which is tested against
// dpkg itself), and the feed reader takes Debian's feed shape and refuses what is not XML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compareDebVersions as serverCmp } from '../src/sca/debian-version.ts';
import { compareDebVersions as agentCmp } from '../../agent/src/sca/dpkg-version.ts';
import { FeedError, parseFeed } from '../src/sca/vulnerability-feed.ts';
import { softwareDrift } from '../src/sca/software-assessor.ts';

const V = [
  '1.0',
  '1.0-1',
  '1:0.9',
  '1.0~rc1',
  '1.0+b1',
  '3.0.11-1~deb12u2',
  '3.0.11-1',
  '3.0.9-1',
  '2.6.1-2',
  '1.0.a',
  '1.0-1~',
];

test('server and agent Debian ordering agree', () => {
  for (const a of V) for (const b of V) assert.equal(serverCmp(a, b), agentCmp(a, b), `${a} ${b}`);
});

test('the Debian-shaped feed gives package and fixed version per definition', () => {
  const feed = parseFeed(
    readFileSync(
      new URL('../../agent/test/sca/data/debian-oval-feed.xml', import.meta.url),
      'utf8',
    ),
  );
  assert.deepEqual(
    feed.entries.map((e) => [e.definition, e.package, e.fixed, e.cves]),
    [
      ['oval:org.debian:def:900001', 'openssl', '0:3.0.11-1~deb12u2', ['CVE-2023-5678']],
      ['oval:org.debian:def:900002', 'softhsm2', '0:2.6.1-2', ['CVE-2024-0001']],
    ],
  );
  assert.throws(() => parseFeed('<oval_definitions><definitions>'), FeedError);
  assert.throws(() => parseFeed('<!DOCTYPE x [<!ENTITY a "b">]><oval_definitions/>'), FeedError);
});

test('strict baselines report unexpected packages', () => {
  const drift = softwareDrift(
    [
      { name: 'telnetd', version: '0.17-44' },
      { name: 'openssl', version: '3.0.15-1' },
    ],
    {
      group: 'kms',
      hosts: [],
      packages: { openssl: '>= 3.0.11' },
      strict: true,
    },
  );
  assert.deepEqual(drift, [
    { package: 'telnetd', change: 'unexpected', expected: null, found: '0.17-44' },
  ]);
});
