// A small XML reader for the one document the server reads: an offline OVAL vulnerability feed.
// The server does not depend on the agent (DESIGN.md, Layout) and declares no XML library, so
// this reads just what such feeds use: elements, attributes, text, CDATA, comments, the XML
// declaration and the five predefined entities plus numeric character references. DTDs and
// processing instructions other than the declaration are refused (FEED_INVALID), not skipped.

export interface XmlElement {
  /** Local name (namespace prefix dropped: feed elements are unambiguous by name). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag =
    /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?xml[\s\S]*?\?>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<[!?][^>]*>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < text.length && (m = tag.exec(text)) !== null) {
    pos = tag.lastIndex;
    const top = stack.at(-1)!;
    if (m[0].startsWith('<!--') || m[0].startsWith('<?xml')) continue;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[6] !== undefined) top.text += decodeEntities(m[6]);
    else if (m[3] === undefined) throw new Error(`unsupported markup ${m[0].slice(0, 40)}`);
    else if (m[2] === '/') {
      if (stack.length < 2 || top.name !== local(m[3])) throw new Error(`unexpected </${m[3]}>`);
      stack.pop();
    } else {
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        attrs[a[1]!] = decodeEntities(a[2] ?? a[3] ?? '');
      const el: XmlElement = { name: local(m[3]), attrs, children: [], text: '' };
      top.children.push(el);
      if (m[5] !== '/') stack.push(el);
    }
  }
  if (pos !== text.length) throw new Error(`malformed XML at offset ${pos}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  const doc = root.children[0];
  if (!doc || root.children.length !== 1) throw new Error('not one root element');
  return doc;
}

export function* descendants(e: XmlElement, name: string): Generator<XmlElement> {
  for (const c of e.children) {
    if (c.name === name) yield c;
    yield* descendants(c, name);
  }
}
