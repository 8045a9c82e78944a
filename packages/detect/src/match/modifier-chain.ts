// Parses `field|mod|mod` (Sigma modifiers appendix v2.1) into checked flags. Anything the engine
// does not implement is refused by name rather than silently ignored.
import { DetectError } from '../detect-error.ts';
import type { RulePosition } from '../detect-error.ts';

const TRANSFORMS = [
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'windash',
] as const;
const WRAPPERS = ['contains', 'startswith', 'endswith'] as const;
const NUMERIC = ['lt', 'lte', 'gt', 'gte'] as const;
const TIME_PARTS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
const SIMPLE = ['all', 'cased', 'neq', 're', 'i', 'm', 's', 'cidr', 'exists', 'fieldref'] as const;
const KNOWN = new Set<string>([...TRANSFORMS, ...WRAPPERS, ...NUMERIC, ...TIME_PARTS, ...SIMPLE]);

export type Transform = (typeof TRANSFORMS)[number];
export type Wrapper = (typeof WRAPPERS)[number];
export type NumericOp = (typeof NUMERIC)[number];
export type TimePart = (typeof TIME_PARTS)[number];

export interface ModifierChain {
  field: string;
  transforms: Transform[];
  wrapper: Wrapper | undefined;
  numeric: NumericOp | undefined;
  timePart: TimePart | undefined;
  all: boolean;
  cased: boolean;
  neq: boolean;
  re: string | undefined;
  cidr: boolean;
  exists: boolean;
  fieldref: boolean;
}

export function parseModifiers(key: string, at: RulePosition): ModifierChain {
  const [field = '', ...mods] = key.split('|');
  const bad = (
    code: 'MODIFIER_INVALID' | 'MODIFIER_UNSUPPORTED' | 'DETECTION_INVALID',
    why: string,
  ) => new DetectError(code, `${key}: ${why}`, at);
  if (field === '') throw bad('DETECTION_INVALID', 'empty field name');
  const c: ModifierChain = {
    field,
    transforms: [],
    wrapper: undefined,
    numeric: undefined,
    timePart: undefined,
    all: false,
    cased: false,
    neq: false,
    re: undefined,
    cidr: false,
    exists: false,
    fieldref: false,
  };
  const seen = new Set<string>();
  for (const m of mods) {
    if (m === 'expand')
      throw bad(
        'MODIFIER_UNSUPPORTED',
        'expand needs placeholder values from a processing pipeline',
      );
    if (!KNOWN.has(m)) throw bad('MODIFIER_UNSUPPORTED', `unknown modifier "${m}"`);
    if (seen.has(m)) throw bad('MODIFIER_INVALID', `modifier "${m}" given twice`);
    seen.add(m);
    if ((TRANSFORMS as readonly string[]).includes(m)) c.transforms.push(m as Transform);
    else if ((WRAPPERS as readonly string[]).includes(m)) {
      if (c.wrapper) throw bad('MODIFIER_INVALID', `${c.wrapper} and ${m} exclude each other`);
      c.wrapper = m as Wrapper;
    } else if ((NUMERIC as readonly string[]).includes(m)) {
      if (c.numeric) throw bad('MODIFIER_INVALID', `${c.numeric} and ${m} exclude each other`);
      c.numeric = m as NumericOp;
    } else if ((TIME_PARTS as readonly string[]).includes(m)) {
      if (c.timePart) throw bad('MODIFIER_INVALID', `${c.timePart} and ${m} exclude each other`);
      c.timePart = m as TimePart;
    } else if (m === 'i' || m === 'm' || m === 's') {
      if (c.re === undefined) throw bad('MODIFIER_INVALID', `"${m}" is a sub-modifier of re`);
      c.re += m;
    } else if (m === 're') c.re = '';
    else if (m === 'all') c.all = true;
    else if (m === 'cased') c.cased = true;
    else if (m === 'neq') c.neq = true;
    else if (m === 'cidr') c.cidr = true;
    else if (m === 'exists') c.exists = true;
    else c.fieldref = true;
  }
  const stringy = c.transforms.length > 0 || c.wrapper !== undefined;
  if (c.exists && mods.length > 1) throw bad('MODIFIER_INVALID', 'exists takes no other modifier');
  if (c.re !== undefined && (stringy || c.cidr || c.numeric || c.timePart || c.fieldref || c.cased))
    throw bad('MODIFIER_INVALID', 're combines only with i, m, s, all and neq');
  if (c.cidr && (stringy || c.numeric || c.timePart || c.fieldref || c.cased))
    throw bad('MODIFIER_INVALID', 'cidr combines only with all and neq');
  if ((c.numeric || c.timePart) && (stringy || c.fieldref || c.cased))
    throw bad('MODIFIER_INVALID', 'numeric and time modifiers take no string modifier');
  if (c.fieldref && c.transforms.length > 0)
    throw bad('MODIFIER_INVALID', 'fieldref takes no encoding modifier');
  if (c.all && c.neq) throw bad('MODIFIER_INVALID', 'all and neq exclude each other');
  return c;
}
