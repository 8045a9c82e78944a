// Splits a line stream into complete JSON texts: one object per line (JSON Lines), pretty-printed
// objects spread over many lines (CloudTrail documentation examples), and whole-file values
// (`{"Records":[…]}`, `gcloud logging read --format=json` arrays). Braces inside strings are
// skipped by a small scanner; a value larger than `maxChars` is reported and skipped. A JSON Lines
// record cut short (`{"time": …` with no end) would otherwise swallow every later line while the
// scanner waits for its closing brace: a later line that starts at column 0 and is a whole JSON
// object on its own ends it, and the unfinished lines are quarantined, so nothing is lost.
export type FramedJson =
  | { ok: true; text: string; value?: unknown }
  | { ok: false; code: 'invalid_json' | 'too_large'; reason: string; raw: string };

export class JsonFramer {
  private lines: string[] = [];
  private size = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private skipping = false;

  constructor(private readonly maxChars: number) {}

  push(line: string): FramedJson[] {
    if (this.depth === 0) {
      const t = line.trim();
      if (t === '') return [];
      if (t[0] !== '{' && t[0] !== '[') {
        return [
          {
            ok: false,
            code: 'invalid_json',
            reason: 'not JSON: a record must start with { or [',
            raw: line,
          },
        ];
      }
      if (t.length > this.maxChars) {
        return [{ ok: false, code: 'too_large', reason: this.tooLong(), raw: line.slice(0, 4096) }];
      }
      const last = t[t.length - 1];
      if (last === '}' || last === ']') {
        // Fast path for JSON Lines: one whole value per line, parsed once.
        try {
          return [{ ok: true, text: line, value: JSON.parse(t) as unknown }];
        } catch {
          // Not whole on its own: scan it to tell an opening line from a broken one.
        }
      }
      this.reset();
      this.scan(line);
      if (this.depth === 0) return [{ ok: true, text: line }];
      this.lines = [line];
      this.size = line.length;
      return [];
    }
    const whole = wholeObject(line);
    if (whole !== undefined) {
      const raw = this.lines.join('\n');
      const wasSkipping = this.skipping;
      this.reset();
      const next: FramedJson = { ok: true, text: line, value: whole };
      if (wasSkipping) return [next];
      const reason = 'a JSON value that never closes: the next line starts a new record';
      return [{ ok: false, code: 'invalid_json', reason, raw }, next];
    }
    this.scan(line);
    if (!this.skipping) {
      this.lines.push(line);
      this.size += line.length + 1;
      if (this.size > this.maxChars) {
        const raw = this.lines.join('\n').slice(0, 4096);
        this.lines = [];
        this.skipping = this.depth > 0;
        if (!this.skipping) this.reset();
        return [{ ok: false, code: 'too_large', reason: this.tooLong(), raw }];
      }
    }
    if (this.depth > 0) return [];
    const wasSkipping = this.skipping;
    const text = this.lines.join('\n');
    this.reset();
    return wasSkipping ? [] : [{ ok: true, text }];
  }

  flush(): FramedJson[] {
    const pending = this.depth > 0 && !this.skipping;
    const raw = this.lines.join('\n');
    this.reset();
    return pending
      ? [{ ok: false, code: 'invalid_json', reason: 'input ended inside a JSON value', raw }]
      : [];
  }

  private tooLong(): string {
    return `JSON value longer than ${this.maxChars} characters`;
  }

  private reset(): void {
    this.lines = [];
    this.size = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.skipping = false;
  }

  /** Tracks nesting; stops at the character that closes the outermost value. */
  private scan(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
      } else if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        if (--this.depth <= 0) {
          this.depth = 0;
          this.inString = false;
          return;
        }
      }
    }
  }
}

/** The parsed object when `line` is, from column 0, one whole JSON object; else undefined. */
function wholeObject(line: string): unknown {
  if (line.charCodeAt(0) !== 123 || !line.trimEnd().endsWith('}')) return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
