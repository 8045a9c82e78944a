// OVAL 5.11 result values and the operator truth tables of oval-common-schema
// (OperatorEnumeration: AND, ONE, OR, XOR) and CheckEnumeration (all, at least one, none
// satisfy, only one), with "not applicable" results ignored as the spec says.

export type OvalResult =
  'true' | 'false' | 'error' | 'unknown' | 'not evaluated' | 'not applicable';

/** Raised while evaluating something we do not implement: the test is "not evaluated". */
export class OvalUnsupported extends Error {}
/** Raised when an object type does not apply to the host (rpminfo without rpm): OVAL 5.11's
 * "not applicable" collected-object flag, which operators then ignore. */
export class OvalNotApplicable extends Error {}
/** Raised when a value cannot be obtained (uname under --root …): the test is "unknown". */
export class OvalNotCollected extends Error {}

function counts(rs: OvalResult[]) {
  const c = { t: 0, f: 0, e: 0, u: 0, ne: 0, na: 0 };
  for (const r of rs) {
    if (r === 'true') c.t++;
    else if (r === 'false') c.f++;
    else if (r === 'error') c.e++;
    else if (r === 'unknown') c.u++;
    else if (r === 'not evaluated') c.ne++;
    else c.na++;
  }
  return c;
}

export function operate(op: string, rs: OvalResult[]): OvalResult {
  const c = counts(rs);
  if (c.t + c.f + c.e + c.u + c.ne === 0) return 'not applicable';
  const rest = (): OvalResult => (c.e ? 'error' : c.u ? 'unknown' : 'not evaluated');
  switch (op) {
    case 'AND':
      if (c.f) return 'false';
      return c.e || c.u || c.ne ? rest() : 'true';
    case 'OR':
      if (c.t) return 'true';
      return c.e || c.u || c.ne ? rest() : 'false';
    case 'ONE':
      if (c.t >= 2) return 'false';
      if (c.e || c.u || c.ne) return rest();
      return c.t === 1 ? 'true' : 'false';
    case 'XOR':
      if (c.e || c.u || c.ne) return rest();
      return c.t % 2 === 1 ? 'true' : 'false';
    default:
      return 'error';
  }
}

/** CheckEnumeration over per-item (or per-value) results. */
export function check(kind: string, rs: OvalResult[]): OvalResult {
  switch (kind) {
    case 'all':
      return operate('AND', rs);
    case 'at least one':
      return operate('OR', rs);
    case 'only one':
      return operate('ONE', rs);
    case 'none satisfy':
    case 'none exist': {
      const r = operate('OR', rs);
      return r === 'true' ? 'false' : r === 'false' ? 'true' : r;
    }
    default:
      return 'error';
  }
}

export function negate(r: OvalResult, yes: boolean): OvalResult {
  if (!yes) return r;
  return r === 'true' ? 'false' : r === 'false' ? 'true' : r;
}
