// Version ordering: Debian against the real `dpkg --compare-versions` on many pairs (tilde,
// epochs, revisions, letters vs punctuation), RPM against rpm's own rpmvercmp test vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { compareDebVersions } from '@keywatch/protocol';
import { compareRpmEvr, rpmvercmp } from '../../src/sca/rpm-version.ts';

const DEB = [
  '1.0',
  '1.0-1',
  '1.0-0',
  '1:1.0',
  '0:1.0',
  '2:0.1',
  '1.0~rc1',
  '1.0~rc1-1',
  '1.0~~',
  '1.0~',
  '1.0+b1',
  '1.0.1',
  '1.0a',
  '1.0-1ubuntu1',
  '1.0-1+deb12u1',
  '1.0-1~bpo11+1',
  '1.00',
  '1.0.0',
  '3.0.11-1~deb12u2',
  '3.0.11-1',
  '3.0.2-0ubuntu1.10',
  '1.1.1w-0+deb11u1',
  '3.0.13-1~deb12u1',
  '10',
  '9',
  '1.2.3-a',
  '1.2.3-b',
  '1.2.3-a.1',
  '1:0',
  '1.0-1.1',
  '2.4.58-1+deb12u2',
  '1.0-1~',
  '1.0-1~~',
  '7.6p1-1',
  '7.6p10-1',
  '9.2p1-2+deb12u3',
  '1.0.A',
  '1.0.z',
  '1.0+z',
];

test('compareDebVersions agrees with dpkg --compare-versions on every pair', () => {
  const pairs: [string, string][] = [];
  DEB.forEach((a, i) => DEB.slice(i + 1).forEach((b) => pairs.push([a, b])));
  // One shell for all pairs: prints lt/eq/gt per line (dpkg itself decides).
  const script = pairs
    .map(
      ([a, b]) =>
        `if dpkg --compare-versions '${a}' lt '${b}'; then echo -1; elif dpkg --compare-versions '${a}' eq '${b}'; then echo 0; else echo 1; fi`,
    )
    .join('\n');
  const expected = execFileSync('sh', [], { input: script, encoding: 'utf8' }).trim().split('\n');
  assert.equal(expected.length, pairs.length);
  assert.ok(pairs.length > 700);
  pairs.forEach(([a, b], k) => {
    assert.equal(String(compareDebVersions(a, b)), expected[k], `${a} vs ${b}`);
    assert.equal(String(-compareDebVersions(b, a)), expected[k], `${b} vs ${a}`);
  });
});

// rpm's tests/rpmvercmp.at (rpm 4.18), verbatim pairs.
const RPM: [string, string, number][] = [
  ['1.0', '1.0', 0],
  ['1.0', '2.0', -1],
  ['2.0', '1.0', 1],
  ['2.0.1', '2.0.1', 0],
  ['2.0', '2.0.1', -1],
  ['2.0.1', '2.0', 1],
  ['2.0.1a', '2.0.1a', 0],
  ['2.0.1a', '2.0.1', 1],
  ['2.0.1', '2.0.1a', -1],
  ['5.5p1', '5.5p1', 0],
  ['5.5p1', '5.5p2', -1],
  ['5.5p2', '5.5p1', 1],
  ['5.5p10', '5.5p10', 0],
  ['5.5p1', '5.5p10', -1],
  ['5.5p10', '5.5p1', 1],
  ['10xyz', '10.1xyz', -1],
  ['10.1xyz', '10xyz', 1],
  ['xyz10', 'xyz10', 0],
  ['xyz10', 'xyz10.1', -1],
  ['xyz10.1', 'xyz10', 1],
  ['xyz.4', 'xyz.4', 0],
  ['xyz.4', '8', -1],
  ['8', 'xyz.4', 1],
  ['xyz.4', '2', -1],
  ['2', 'xyz.4', 1],
  ['5.5p2', '5.6p1', -1],
  ['5.6p1', '5.5p2', 1],
  ['5.6p1', '6.5p1', -1],
  ['6.5p1', '5.6p1', 1],
  ['6.0.rc1', '6.0', 1],
  ['6.0', '6.0.rc1', -1],
  ['10b2', '10a1', 1],
  ['10a2', '10b2', -1],
  ['1.0aa', '1.0aa', 0],
  ['1.0a', '1.0aa', -1],
  ['1.0aa', '1.0a', 1],
  ['10.0001', '10.0001', 0],
  ['10.0001', '10.1', 0],
  ['10.1', '10.0001', 0],
  ['10.0001', '10.0039', -1],
  ['10.0039', '10.0001', 1],
  ['4.999.9', '5.0', -1],
  ['5.0', '4.999.9', 1],
  ['20101121', '20101121', 0],
  ['20101121', '20101122', -1],
  ['20101122', '20101121', 1],
  ['2_0', '2_0', 0],
  ['2.0', '2_0', 0],
  ['2_0', '2.0', 0],
  ['a', 'a', 0],
  ['a+', 'a+', 0],
  ['a+', 'a_', 0],
  ['a_', 'a+', 0],
  ['+a', '+a', 0],
  ['+a', '_a', 0],
  ['_a', '+a', 0],
  ['+_', '+_', 0],
  ['_+', '+_', 0],
  ['_+', '_+', 0],
  ['+', '_', 0],
  ['_', '+', 0],
  ['1.0~rc1', '1.0~rc1', 0],
  ['1.0~rc1', '1.0', -1],
  ['1.0', '1.0~rc1', 1],
  ['1.0~rc1', '1.0~rc2', -1],
  ['1.0~rc2', '1.0~rc1', 1],
  ['1.0~rc1~git123', '1.0~rc1~git123', 0],
  ['1.0~rc1~git123', '1.0~rc1', -1],
  ['1.0~rc1', '1.0~rc1~git123', 1],
  ['1.0^', '1.0^', 0],
  ['1.0^', '1.0', 1],
  ['1.0', '1.0^', -1],
  ['1.0^git1', '1.0^git1', 0],
  ['1.0^git1', '1.0', 1],
  ['1.0', '1.0^git1', -1],
  ['1.0^git1', '1.0^git2', -1],
  ['1.0^git2', '1.0^git1', 1],
  ['1.0^git1', '1.01', -1],
  ['1.01', '1.0^git1', 1],
  ['1.0^20160101', '1.0^20160101', 0],
  ['1.0^20160101', '1.0.1', -1],
  ['1.0.1', '1.0^20160101', 1],
  ['1.0^20160101^git1', '1.0^20160101^git1', 0],
  ['1.0^20160102', '1.0^20160101^git1', 1],
  ['1.0^20160101^git1', '1.0^20160102', -1],
  ['1.0~rc1^git1', '1.0~rc1^git1', 0],
  ['1.0~rc1^git1', '1.0~rc1', 1],
  ['1.0~rc1', '1.0~rc1^git1', -1],
  ['1.0^git1~pre', '1.0^git1~pre', 0],
  ['1.0^git1', '1.0^git1~pre', 1],
  ['1.0^git1~pre', '1.0^git1', -1],
];

test('rpmvercmp passes rpm’s own vectors', () => {
  for (const [a, b, want] of RPM) assert.equal(rpmvercmp(a, b), want, `${a} vs ${b}`);
});

test('RPM EVR: epoch first, release only when both have one', () => {
  assert.equal(compareRpmEvr('1:1.0-1', '2.0-1'), 1);
  assert.equal(compareRpmEvr('0:1.0-1', '1.0-1'), 0);
  assert.equal(compareRpmEvr('1.0.2k-25.el7', '1.0.2k-26.el7'), -1);
  assert.equal(compareRpmEvr('1.0', '1.0-5'), 0);
  assert.equal(compareRpmEvr('3.0.7-24.el9', '1:3.0.1-1'), -1);
});
