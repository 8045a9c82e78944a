// One error class for the whole package, with a closed list of codes: the rules API, the CLI and
// the server branch on `code`; a rule refused at load names its file, line and column so that an
// operator can fix it (issue 4: "a rule that does not parse is refused with a coded error").

const CODES = [
  'YAML_INVALID',
  'RULE_INVALID',
  'DETECTION_INVALID',
  'CONDITION_INVALID',
  'MODIFIER_UNSUPPORTED',
  'MODIFIER_INVALID',
  'VALUE_INVALID',
  'LOGSOURCE_UNSUPPORTED',
  'CORRELATION_INVALID',
  'RULE_REFERENCE_UNKNOWN',
  'RULE_DUPLICATE',
  'DETECTOR_INVALID',
  'RULES_UNREADABLE',
  'SNAPSHOT_INVALID',
] as const;

export type DetectErrorCode = (typeof CODES)[number];

/** Every code, in the order of docs/rules.md. */
export const DETECT_ERROR_CODES: readonly DetectErrorCode[] = Object.freeze([...CODES]);

/** Where in a rule file a problem is (1-based line and column). */
export interface RulePosition {
  file: string;
  line?: number | undefined;
  col?: number | undefined;
}

export class DetectError extends Error {
  readonly code: DetectErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly col: number | undefined;
  /** The reason without the position prefix. */
  readonly reason: string;

  constructor(code: DetectErrorCode, reason: string, at?: RulePosition, cause?: unknown) {
    const where = at
      ? `${at.file}${at.line !== undefined ? `:${at.line}` : ''}${at.col !== undefined ? `:${at.col}` : ''}: `
      : '';
    super(`${where}${reason} [${code}]`, cause === undefined ? undefined : { cause });
    this.name = 'DetectError';
    this.code = code;
    this.reason = reason;
    this.file = at?.file;
    this.line = at?.line;
    this.col = at?.col;
  }
}
