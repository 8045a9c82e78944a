// Evaluates OVAL 5.11 definitions: criteria (operator AND/OR/ONE/XOR, negate), criterion
// (test_ref), extend_definition; tests by check_existence, then check over items against states
// combined by state_operator (oval-definitions-schema §TestType). Supported tests are listed in
// SUPPORTED; any other test — or a supported one using a feature we lack — is "not evaluated".
import { HostRoot } from './host-root.ts';
import { readInventory, type Inventory } from './package-inventory.ts';
import { child, childrenNamed, type OvalDocument, type XNode } from './oval-document.ts';
import { collectObject, type CollectEnv } from './oval-collector.ts';
import { compareEntity } from './oval-entity-compare.ts';
import {
  check,
  negate,
  operate,
  OvalNotApplicable,
  OvalNotCollected,
  OvalUnsupported,
  type OvalResult,
} from './oval-result.ts';
import { resolveVariable, type Item } from './oval-variables.ts';

export const SUPPORTED_TESTS = new Set([
  'independent:textfilecontent54_test',
  'unix:file_test',
  'linux:dpkginfo_test',
  'linux:rpminfo_test',
  'independent:variable_test',
  'independent:family_test',
  'unix:uname_test',
  'independent:unknown_test',
]);

export interface OvalOptions {
  root?: string;
  externals?: Map<string, string[]>;
}

export interface DefinitionResult {
  id: string;
  result: OvalResult;
  title?: string;
  class?: string;
}

export class OvalEvaluator {
  private readonly root: HostRoot;
  private inv?: Promise<Inventory>;
  private readonly items = new Map<string, Promise<Item[]>>();
  private readonly testResults = new Map<string, Promise<OvalResult>>();
  private readonly defResults = new Map<string, Promise<OvalResult>>();
  private readonly env: CollectEnv;

  constructor(
    private readonly doc: OvalDocument,
    opts: OvalOptions = {},
  ) {
    this.root = new HostRoot(opts.root ?? '/');
    const host = {
      variableNode: (id: string) => doc.variables.get(id),
      external: (id: string) => opts.externals?.get(id),
      collect: (id: string) => this.collect(id),
    };
    this.env = {
      root: this.root,
      inventory: () => (this.inv ??= readInventory(this.root)),
      values: async (e: XNode) =>
        e.attrs['var_ref'] ? resolveVariable(host, e.attrs['var_ref']) : [e.text],
    };
  }

  async evaluateAll(): Promise<DefinitionResult[]> {
    const out: DefinitionResult[] = [];
    for (const id of this.doc.order) {
      const def = this.doc.definitions.get(id)!;
      const title = child(def, 'metadata') && child(child(def, 'metadata')!, 'title')?.text;
      out.push({
        id,
        result: await this.definition(id, new Set()),
        ...(title !== undefined && { title }),
        ...(def.attrs['class'] !== undefined && { class: def.attrs['class'] }),
      });
    }
    return out;
  }

  definition(id: string, stack: Set<string>): Promise<OvalResult> {
    if (stack.has(id)) return Promise.resolve('error'); // extend_definition loop
    let r = this.defResults.get(id);
    if (!r) {
      const def = this.doc.definitions.get(id);
      const criteria = def && child(def, 'criteria');
      r = !def
        ? Promise.resolve('error')
        : !criteria
          ? Promise.resolve('unknown')
          : this.criteria(criteria, new Set([...stack, id]));
      this.defResults.set(id, r);
    }
    return r;
  }

  private async criteria(n: XNode, stack: Set<string>): Promise<OvalResult> {
    const neg = n.attrs['negate'] === 'true';
    const local = n.name.split(':')[1];
    if (local === 'criterion') return negate(await this.test(n.attrs['test_ref'] ?? ''), neg);
    if (local === 'extend_definition')
      return negate(await this.definition(n.attrs['definition_ref'] ?? '', stack), neg);
    const rs: OvalResult[] = [];
    for (const c of n.children) rs.push(await this.criteria(c, stack));
    return negate(operate(n.attrs['operator'] ?? 'AND', rs), neg);
  }

  private collect(id: string): Promise<Item[]> {
    let r = this.items.get(id);
    if (!r) {
      const obj = this.doc.objects.get(id);
      r = obj
        ? collectObject(this.env, obj)
        : Promise.reject(new OvalNotCollected(`object ${id} is not defined`));
      this.items.set(id, r);
    }
    return r;
  }

  test(id: string): Promise<OvalResult> {
    let r = this.testResults.get(id);
    if (!r) {
      r = this.evaluateTest(id).catch((err: unknown) =>
        err instanceof OvalUnsupported
          ? 'not evaluated'
          : err instanceof OvalNotCollected
            ? 'unknown'
            : err instanceof OvalNotApplicable
              ? 'not applicable'
              : 'error',
      );
      this.testResults.set(id, r);
    }
    return r;
  }

  private async evaluateTest(id: string): Promise<OvalResult> {
    const t = this.doc.tests.get(id);
    if (!t) return 'error';
    if (!SUPPORTED_TESTS.has(t.name)) return 'not evaluated';
    if (t.name === 'independent:unknown_test') return 'unknown';
    const objRef = child(t, 'object')?.attrs['object_ref'];
    if (!objRef) return 'error';
    const items = await this.collect(objRef);
    // check_existence (ExistenceEnumeration), default at_least_one_exists.
    const n = items.length;
    const existence = t.attrs['check_existence'] ?? 'at_least_one_exists';
    const exists =
      existence === 'none_exist'
        ? n === 0
        : existence === 'only_one_exists'
          ? n === 1
          : existence === 'any_exist'
            ? true
            : n >= 1; // at_least_one_exists, all_exist
    const states = childrenNamed(t, 'state').map((s) => s.attrs['state_ref'] ?? '');
    if (!exists) return 'false';
    if (states.length === 0 || n === 0) return 'true';
    const stateOp = t.attrs['state_operator'] ?? 'AND';
    const perItem: OvalResult[] = [];
    for (const item of items) {
      const rs: OvalResult[] = [];
      for (const sid of states) rs.push(await this.stateResult(sid, item));
      perItem.push(operate(stateOp, rs));
    }
    return check(t.attrs['check'] ?? 'all', perItem);
  }

  private async stateResult(id: string, item: Item): Promise<OvalResult> {
    const s = this.doc.states.get(id);
    if (!s) return 'error';
    const rs: OvalResult[] = [];
    for (const e of s.children) {
      const field = e.name.split(':')[1] ?? '';
      if (field === 'notes') continue;
      const actual = item[field];
      if (!actual) throw new OvalUnsupported(`state entity ${field} is not collected`);
      const expected = await this.env.values(e);
      const op = e.attrs['operation'] ?? 'equals';
      const dt = e.attrs['datatype'] ?? 'string';
      const one = (a: string): OvalResult => {
        const per = expected.map((x): OvalResult =>
          compareEntity(a, op, dt, x) ? 'true' : 'false',
        );
        return check(e.attrs['var_check'] ?? 'all', per);
      };
      rs.push(check(e.attrs['entity_check'] ?? 'all', actual.map(one)));
    }
    return operate(s.attrs['operator'] ?? 'AND', rs);
  }
}

export async function evaluateOval(
  doc: OvalDocument,
  opts: OvalOptions = {},
): Promise<DefinitionResult[]> {
  return new OvalEvaluator(doc, opts).evaluateAll();
}
