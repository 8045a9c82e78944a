// ROCA on the published test keys of roca-detect (data/roca/SOURCE.md): its vulnerable samples —
// a hex modulus, a PEM public key, an OpenSSH key — fail with the CVE as the reason, its good
// samples pass, and its "fake" moduli (in the subgroup modulo each small prime, not modulo their
// product) are not taken for RSALib keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkKey } from '../../src/keys/checks/check-key.ts';
import { bigIntToB64u } from '../../src/keys/checks/bigint-bytes.ts';
import type { KeyReport } from '../../src/keys/checks/key-under-check.ts';
import { hasRocaFingerprint } from '../../src/keys/checks/roca-check.ts';
import { readKeyFile } from '../../src/keys/readers/key-file-reader.ts';

const data = (f: string): string => new URL(`./data/roca/${f}`, import.meta.url).pathname;
const rsa = (n: bigint) =>
  createPublicKey({ format: 'jwk', key: { kty: 'RSA', n: bigIntToB64u(n), e: 'AQAB' } });
const roca = (r: KeyReport) => r.findings.find((f) => f.check === 'roca');

async function reportOf(file: string): Promise<KeyReport> {
  if (file.endsWith('.txt'))
    return checkKey({
      label: file,
      publicKey: rsa(BigInt(readFileSync(data(file), 'utf8').trim())),
    });
  const [key] = readKeyFile(data(file));
  return checkKey(key!);
}

test("roca-detect's vulnerable samples fail with the ROCA reason", async () => {
  for (const file of ['mod03.txt', 'pubkey03.pem', 'ssh06.pub']) {
    const r = await reportOf(file);
    assert.equal(roca(r)?.status, 'fail', file);
    assert.match(roca(r)!.reason, /ROCA fingerprint.*CVE-2017-15361/, file);
    assert.equal(r.verdict, 'fail', file);
  }
});

test("roca-detect's good samples pass the ROCA check", async () => {
  for (const file of ['mod04.txt', 'pubkey01.pem', 'ssh05.pub']) {
    const r = await reportOf(file);
    assert.equal(roca(r)?.status, 'pass', `${file}: ${JSON.stringify(r.findings)}`);
  }
});

test("roca-detect's fake moduli are not RSALib keys", () => {
  // From roca-detect's test_fake_mods: positive for the per-prime test, negative for the dlog one.
  const fake = [
    72414128973967872688332736535017614208620368242015797102796086827882754006260204061799547004983731426777596445658889886861027045033760014948048067467947960318205453778973975867532910489227970143091184725760290172935872752222320334100097730483600892686353719855397381316384244147860260153198611313067061116317n,
    138345973265163614694352477004469191286459111070564516299381495188624946671065451924677704628892476011773201612117597303315530745738015579159106259811204610647347662150159814774894784524366138220226431598991937057442020694466365850170057813627445465881816985939192840583168136876337135351417253708364245923133n,
    60828061238058485055546209519792949600733446820687109700021551748017165461584398468231416589035982737511901116540885252089750919566836183252857475484338913841291095222387779067564971983760619814471104385614285949705697261702933899278537712383849527252611987939947273446907728942539157463443880598175266703887n,
  ];
  for (const n of fake) assert.equal(hasRocaFingerprint(n), false, n.toString().slice(0, 20));
});
