// YAML documents of a rule file with source positions: every refusal names the line of the node
// at fault (issue 4). A Sigma file may hold several documents separated by `---` (Sigma
// correlation specification v2, "Failed Logins Followed by Successful Login").
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node } from 'yaml';
import { DetectError } from '../detect-error.ts';
import type { RulePosition } from '../detect-error.ts';

export type PathKey = string | number;

export interface RuleDoc {
  readonly file: string;
  readonly value: unknown;
  /** Position of the node at `path` (of its key when `key` is set), else of its nearest parent. */
  at(path: readonly PathKey[], key?: boolean): RulePosition;
}

export function parseYamlDocs(text: string, file: string): RuleDoc[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: true,
  });
  if (!Array.isArray(docs)) return [];
  const out: RuleDoc[] = [];
  for (const doc of docs) {
    const problem = doc.errors[0];
    if (problem) {
      const pos = problem.linePos?.[0];
      const reason = problem.message.split('\n')[0] ?? problem.message;
      throw new DetectError('YAML_INVALID', reason, { file, line: pos?.line, col: pos?.col });
    }
    if (doc.contents === null) continue;
    out.push(located(doc, file, lines));
  }
  return out;
}

function located(doc: Document.Parsed, file: string, lines: LineCounter): RuleDoc {
  const posOf = (node: Node | undefined): RulePosition => {
    const start = node?.range?.[0];
    if (start === undefined) return { file };
    const p = lines.linePos(start);
    return { file, line: p.line, col: p.col };
  };
  return {
    file,
    value: doc.toJS({ maxAliasCount: 100 }) as unknown,
    at(path, key = false) {
      let node: Node | undefined = doc.contents ?? undefined;
      let best = node;
      for (let i = 0; i < path.length && node; i++) {
        const seg = path[i];
        const last = i === path.length - 1;
        if (isMap(node)) {
          const pair = node.items.find(
            (p) => isScalar(p.key) && String(p.key.value) === String(seg),
          );
          if (!pair) break;
          if (last && key && isScalar(pair.key)) return posOf(pair.key);
          node = (pair.value as Node | null) ?? (pair.key as Node);
        } else if (isSeq(node) && typeof seg === 'number') {
          node = (node.items[seg] as Node | undefined) ?? undefined;
        } else break;
        if (node) best = node;
      }
      return posOf(best);
    },
  };
}
