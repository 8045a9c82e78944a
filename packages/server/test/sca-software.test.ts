// The feed reader takes Debian's feed shape and refuses what is not XML; drift is judged with the
// Debian version ordering shared with the agent (@keywatch/protocol, tested against dpkg itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FeedError, parseFeed } from '../src/sca/vulnerability-feed.ts';
import { softwareDrift } from '../src/sca/software-assessor.ts';

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
