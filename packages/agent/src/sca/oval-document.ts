// Reads an OVAL 5.11 definitions document (oval-definitions-schema, §3) into a namespace-aware
// element tree and indexes definitions, tests, objects, states and variables by id. Element
// names become "<family>:<local>" where family is the namespace URI's fragment (#unix,
// #independent, #linux; "core" for the oval-definitions-5 namespace itself), so a Windows
// file_test is never mistaken for a Unix one whatever prefix the file uses.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ScaError } from './sca-error.ts';

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

export interface OvalDocument {
  definitions: Map<string, XNode>;
  tests: Map<string, XNode>;
  objects: Map<string, XNode>;
  states: Map<string, XNode>;
  variables: Map<string, XNode>;
  /** Definition ids in document order. */
  order: string[];
}

type Raw = Record<string, unknown>;

function familyOf(uri: string | undefined): string {
  if (!uri) return 'unknown';
  const hash = uri.lastIndexOf('#');
  if (hash >= 0) return uri.slice(hash + 1);
  return uri.endsWith('oval-definitions-5') ? 'core' : (uri.split('/').pop() ?? uri);
}

function convert(items: Raw[], scope: Map<string, string>): XNode[] {
  const out: XNode[] = [];
  for (const item of items) {
    const tag = Object.keys(item).find((k) => k !== ':@');
    if (!tag || tag === '#text' || tag.startsWith('?') || tag === '#comment') continue;
    const attrs = (item[':@'] ?? {}) as Record<string, string>;
    const inner = new Map(scope);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'xmlns') inner.set('', v);
      else if (k.startsWith('xmlns:')) inner.set(k.slice(6), v);
    }
    const colon = tag.indexOf(':');
    const prefix = colon >= 0 ? tag.slice(0, colon) : '';
    const local = colon >= 0 ? tag.slice(colon + 1) : tag;
    const kids = (item[tag] ?? []) as Raw[];
    const text = kids.map((k) => (typeof k['#text'] === 'string' ? k['#text'] : '')).join('');
    const plainAttrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(attrs)) {
      if (k !== 'xmlns' && !k.startsWith('xmlns:'))
        plainAttrs[k.replace(/^[\w-]+:(nil)$/, '$1')] = String(v);
    }
    out.push({
      name: `${familyOf(inner.get(prefix))}:${local}`,
      attrs: plainAttrs,
      children: convert(kids, inner),
      text,
    });
  }
  return out;
}

export const child = (n: XNode, local: string): XNode | undefined =>
  n.children.find((c) => c.name.endsWith(`:${local}`));
export const childrenNamed = (n: XNode, local: string): XNode[] =>
  n.children.filter((c) => c.name.endsWith(`:${local}`));

export function parseXml(text: string, what: string): XNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ScaError(
      'OVAL_INVALID',
      `${what}: not well-formed XML at line ${valid.err.line}: ${valid.err.msg}`,
    );
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
  });
  const root = convert(parser.parse(text) as Raw[], new Map())[0];
  if (!root) throw new ScaError('OVAL_INVALID', `${what}: empty document`);
  return root;
}

export function parseOvalDocument(text: string): OvalDocument {
  const root = parseXml(text, 'OVAL file');
  if (root.name !== 'core:oval_definitions') {
    throw new ScaError(
      'OVAL_INVALID',
      `the root element is ${root.name}, not oval_definitions (OVAL 5.11)`,
    );
  }
  const index = (section: string): Map<string, XNode> => {
    const m = new Map<string, XNode>();
    for (const n of child(root, section)?.children ?? [])
      if (n.attrs['id']) m.set(n.attrs['id'], n);
    return m;
  };
  const definitions = index('definitions');
  return {
    definitions,
    tests: index('tests'),
    objects: index('objects'),
    states: index('states'),
    variables: index('variables'),
    order: [...definitions.keys()],
  };
}

/** An OVAL variables document (oval-variables-schema): external variable values by id. */
export function parseOvalVariables(text: string): Map<string, string[]> {
  const root = parseXml(text, 'variables file');
  const out = new Map<string, string[]>();
  for (const v of child(root, 'variables')?.children ?? []) {
    const id = v.attrs['id'];
    if (id)
      out.set(
        id,
        childrenNamed(v, 'value').map((c) => c.text),
      );
  }
  if (root.name.split(':')[1] !== 'oval_variables') {
    throw new ScaError('VARIABLES_INVALID', `the root element is ${root.name}, not oval_variables`);
  }
  return out;
}
