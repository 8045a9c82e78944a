// OVAL 5.11 variables (oval-definitions-schema §constant_variable, external_variable,
// local_variable): values are lists of strings. Local variable components supported:
// literal_component, variable_component, object_component, concat, regex_capture,
// escape_regex, unique. Any other function makes the using test "not evaluated".
import { child, type XNode } from './oval-document.ts';
import { ovalRegex } from './oval-entity-compare.ts';
import { OvalNotCollected, OvalUnsupported } from './oval-result.ts';

export type Item = Record<string, string[]>;

export interface VariableHost {
  variableNode(id: string): XNode | undefined;
  external(id: string): string[] | undefined;
  collect(objectId: string): Promise<Item[]>;
}

export async function resolveVariable(
  host: VariableHost,
  id: string,
  depth = 0,
): Promise<string[]> {
  if (depth > 32) throw new OvalUnsupported(`variable ${id}: reference loop`);
  const node = host.variableNode(id);
  if (!node) throw new OvalNotCollected(`variable ${id} is not defined`);
  const kind = node.name.split(':')[1];
  if (kind === 'constant_variable') return node.children.map((c) => c.text);
  if (kind === 'external_variable') {
    const v = host.external(id);
    // Like OpenSCAP: no value given → the result cannot be determined ("unknown").
    if (!v) throw new OvalNotCollected(`external variable ${id} has no value (pass --variables)`);
    return v;
  }
  if (kind === 'local_variable') {
    const comp = node.children.find((c) => !c.name.endsWith(':notes'));
    if (!comp) throw new OvalUnsupported(`variable ${id} has no component`);
    return component(host, comp, depth);
  }
  throw new OvalUnsupported(`variable kind ${kind}`);
}

async function component(host: VariableHost, n: XNode, depth: number): Promise<string[]> {
  const kind = n.name.split(':')[1];
  switch (kind) {
    case 'literal_component':
      return [n.text];
    case 'variable_component':
      return resolveVariable(host, n.attrs['var_ref'] ?? '', depth + 1);
    case 'object_component': {
      const field = n.attrs['item_field'] ?? '';
      if (n.attrs['record_field']) throw new OvalUnsupported('record_field');
      const items = await host.collect(n.attrs['object_ref'] ?? '');
      return items.flatMap((i) => i[field] ?? []);
    }
    case 'concat': {
      let acc = [''];
      for (const c of n.children) {
        const vals = await component(host, c, depth);
        acc = acc.flatMap((a) => vals.map((v) => a + v));
      }
      return acc;
    }
    case 'regex_capture': {
      const re = ovalRegex(n.attrs['pattern'] ?? '');
      const first = n.children[0];
      const vals = first ? await component(host, first, depth) : [];
      return vals.map((v) => re.exec(v)?.[1] ?? '');
    }
    case 'escape_regex': {
      const first = n.children[0];
      const vals = first ? await component(host, first, depth) : [];
      return vals.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    case 'unique': {
      const out: string[] = [];
      for (const c of n.children) out.push(...(await component(host, c, depth)));
      return [...new Set(out)];
    }
    default:
      throw new OvalUnsupported(`local_variable function ${kind}`);
  }
}

export { child };
