// The OVAL 5.11 subset on a compliant and a misconfigured fake root: textfilecontent54 (with
// instance and a subexpression compared with an external variable), unix file_test, dpkginfo
// (debian_evr_string), rpminfo, family, variable_test over a local concat variable, criteria
// AND/OR/ONE/XOR with negate, extend_definition; a Windows test is "not evaluated".
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOvalDocument, parseOvalVariables } from '../../src/sca/oval-document.ts';
import { evaluateOval } from '../../src/sca/oval-evaluator.ts';
import { check, operate } from '../../src/sca/oval-result.ts';
import { ScaError } from '../../src/sca/sca-error.ts';
import { compliantRoot, GOOD_PACKAGES, SSHD, type FakeRoot } from './fake-root.ts';

const doc = parseOvalDocument(
  readFileSync(new URL('data/kms-checks.oval.xml', import.meta.url), 'utf8'),
);
const externals = parseOvalVariables(`<?xml version="1.0"?>
<oval_variables xmlns="http://oval.mitre.org/XMLSchema/oval-variables-5">
  <variables><variable id="oval:kw:var:1" datatype="int" comment="c"><value>4</value></variable></variables>
</oval_variables>`);
const roots: FakeRoot[] = [];
after(() => roots.forEach((r) => r.remove()));

async function results(plant?: (r: FakeRoot) => void, withExternals = true) {
  const root = compliantRoot();
  roots.push(root);
  plant?.(root);
  const out = await evaluateOval(doc, { root: root.dir, ...(withExternals && { externals }) });
  return Object.fromEntries(out.map((d) => [d.id.replace('oval:kw:def:', ''), d.result]));
}

test('a compliant root', async () => {
  assert.deepEqual(await results(), {
    1: 'true',
    2: 'true',
    3: 'false',
    4: 'true',
    5: 'true',
    6: 'true',
    7: 'not evaluated',
    8: 'true',
    9: 'true',
  });
});

test('a misconfigured root', async () => {
  const r = await results((root) => {
    root.write(
      'etc/ssh/sshd_config',
      SSHD.replace('PermitRootLogin no', 'PermitRootLogin yes').replace(
        'MaxAuthTries 3',
        'MaxAuthTries 6',
      ),
    );
    chmodSync(join(root.dir, 'etc/kms/keys/backup.key'), 0o444);
    root.packages(GOOD_PACKAGES.map(([n, v]) => [n, n === 'openssl' ? '3.0.9-1' : v]));
    root.packages([...GOOD_PACKAGES, ['telnetd', '0.17-44']]);
  });
  assert.deepEqual(r, {
    1: 'false',
    2: 'false',
    3: 'false',
    4: 'true',
    5: 'false',
    6: 'true',
    7: 'true',
    8: 'false',
    9: 'false',
  });
  const old = await results((root) =>
    root.packages(GOOD_PACKAGES.map(([n, v]) => [n, n === 'openssl' ? '3.0.9-1' : v])),
  );
  assert.equal(old['3'], 'true');
});

test('a missing external variable is unknown (as OpenSCAP says), not a guess', async () => {
  assert.equal((await results(undefined, false))['5'], 'unknown');
});

test('operator and check tables (oval-common-schema)', () => {
  assert.equal(operate('AND', ['true', 'not applicable']), 'true');
  assert.equal(operate('AND', ['true', 'unknown']), 'unknown');
  assert.equal(operate('OR', ['false', 'error', 'true']), 'true');
  assert.equal(operate('ONE', ['true', 'true', 'error']), 'false');
  assert.equal(operate('XOR', ['true', 'true', 'true']), 'true');
  assert.equal(operate('AND', ['not applicable']), 'not applicable');
  assert.equal(check('none satisfy', ['false', 'false']), 'true');
  assert.equal(check('only one', ['true', 'false']), 'true');
});

test('not OVAL → OVAL_INVALID', () => {
  assert.throws(
    () => parseOvalDocument('<a><b></a>'),
    (e: unknown) => e instanceof ScaError && e.code === 'OVAL_INVALID',
  );
  assert.throws(() => parseOvalDocument('<policy/>'), /not oval_definitions/);
});

test('a Debian-format vulnerability feed evaluated on the agent: only the old package is vulnerable', async () => {
  const feed = parseOvalDocument(
    readFileSync(new URL('data/debian-oval-feed.xml', import.meta.url), 'utf8'),
  );
  const root = compliantRoot();
  roots.push(root);
  root.write('etc/debian_version', '12.8\n');
  root.packages(GOOD_PACKAGES.map(([n, v]) => [n, n === 'openssl' ? '3.0.11-1~deb12u1' : v]));
  const r = await evaluateOval(feed, { root: root.dir });
  assert.deepEqual(
    r.map((d) => d.result),
    ['true', 'false'],
  );
});

test('PCRE inline (?i) in the forms SSG content uses; others are not evaluated', async () => {
  const { ovalRegex } = await import('../../src/sca/oval-entity-compare.ts');
  const { OvalUnsupported } = await import('../../src/sca/oval-result.ts');
  assert.ok(ovalRegex('^[\\s]*(?i)maxauthtries[\\s]+(\\d+)', 'm').test('  MaxAuthTries 4'));
  const span = ovalRegex('^[ \\t]*(?i)PermitRootLogin(?-i)[ \\t]+(.+?)$');
  assert.ok(span.test('permitrootlogin no'));
  assert.equal(span.exec('PERMITROOTLOGIN No')?.[1], 'No');
  assert.ok(ovalRegex('^(?i)X11Forwarding(?-i) no').test('x11forwarding no'));
  assert.throws(() => ovalRegex('abc(?i)def'), OvalUnsupported);
  assert.throws(() => ovalRegex('\\Aabc\\z'), OvalUnsupported);
});

test('rpminfo on a Debian host: no such package (false), not "not applicable" (which AND skips)', async () => {
  // SSG's installed_OS_is_centos7, reduced: Unix family AND centos-release version 7 installed.
  const centos = parseOvalDocument(`<?xml version="1.0"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
    xmlns:ind="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent"
    xmlns:linux="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux">
  <definitions>
    <definition id="oval:kw:def:c7" version="1" class="inventory">
      <metadata><title>CentOS 7</title></metadata>
      <criteria operator="AND">
        <criterion test_ref="oval:kw:tst:unix"/>
        <criterion test_ref="oval:kw:tst:c7"/>
      </criteria>
    </definition>
  </definitions>
  <tests>
    <ind:family_test id="oval:kw:tst:unix" version="1" check="all" check_existence="at_least_one_exists" comment="c">
      <ind:object object_ref="oval:kw:obj:fam"/><ind:state state_ref="oval:kw:ste:unix"/>
    </ind:family_test>
    <linux:rpminfo_test id="oval:kw:tst:c7" version="1" check="all" check_existence="at_least_one_exists" comment="c">
      <linux:object object_ref="oval:kw:obj:c7"/><linux:state state_ref="oval:kw:ste:c7"/>
    </linux:rpminfo_test>
  </tests>
  <objects>
    <ind:family_object id="oval:kw:obj:fam" version="1"/>
    <linux:rpminfo_object id="oval:kw:obj:c7" version="1"><linux:name>centos-release</linux:name></linux:rpminfo_object>
  </objects>
  <states>
    <ind:family_state id="oval:kw:ste:unix" version="1"><ind:family>unix</ind:family></ind:family_state>
    <linux:rpminfo_state id="oval:kw:ste:c7" version="1"><linux:version operation="pattern match">^7.*$</linux:version></linux:rpminfo_state>
  </states>
</oval_definitions>`);
  const root = compliantRoot(); // a dpkg status, no rpm database
  roots.push(root);
  const [r] = await evaluateOval(centos, { root: root.dir });
  assert.equal(r?.result, 'false');
});
