// RFC 6587 framing of syslog over a byte stream. Octet counting (§3.4.1, "MSG-LEN SP MSG") or
// non-transparent framing (§3.4.2, LF-terminated; CR before LF and NUL terminators tolerated),
// chosen per connection from its first byte: a digit means octet counting (RFC 5425 §4.3 makes it
// the only framing over TLS). A frame longer than `maxSize` is skipped and reported; a broken
// length field cannot be resynchronised and is fatal for the connection.
import { SourceError } from '../core/source-error.ts';

export type Frame = { ok: true; text: string } | { ok: false; error: SourceError; fatal: boolean };

export class SyslogFramer {
  private mode: 'unknown' | 'octet' | 'lf' = 'unknown';
  private buf: Buffer = Buffer.alloc(0);
  private skip = 0;
  private discarding = false;
  private dead = false;

  constructor(private readonly maxSize = 64 * 1024) {}

  get framing(): 'unknown' | 'octet-counting' | 'lf' {
    return this.mode === 'octet' ? 'octet-counting' : this.mode;
  }

  push(chunk: Buffer): Frame[] {
    if (this.dead) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    if (this.mode === 'unknown') {
      let i = 0;
      while (
        i < this.buf.length &&
        (this.buf[i] === 0x0a || this.buf[i] === 0x0d || this.buf[i] === 0x20)
      )
        i++;
      if (i === this.buf.length) return [];
      this.buf = this.buf.subarray(i);
      const c = this.buf[0]!;
      this.mode = c >= 0x30 && c <= 0x39 ? 'octet' : 'lf';
    }
    return this.mode === 'octet' ? this.octets() : this.lines();
  }

  /** End of stream: a partial LF frame is still a message; a partial counted frame is an error. */
  end(): Frame[] {
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    if (this.dead || rest.length === 0) return [];
    if (this.mode === 'lf' && !this.discarding)
      return [{ ok: true, text: trimEnd(rest).toString('utf8') }];
    if (this.mode === 'octet' && this.skip === 0) {
      return [
        this.fail(
          'FRAMING_ERROR',
          `stream ended inside an octet-counted frame (${rest.length} octets buffered)`,
          false,
        ),
      ];
    }
    return [];
  }

  private octets(): Frame[] {
    const out: Frame[] = [];
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.buf.length);
        this.skip -= n;
        this.buf = this.buf.subarray(n);
        if (this.skip > 0) return out;
      }
      while (this.buf.length > 0 && (this.buf[0] === 0x0a || this.buf[0] === 0x0d))
        this.buf = this.buf.subarray(1);
      if (this.buf.length === 0) return out;
      const sp = this.buf.indexOf(0x20);
      const digits = sp < 0 ? this.buf.length : sp;
      const head = this.buf.subarray(0, Math.min(digits, 11)).toString('latin1');
      if (!/^[1-9]\d*$/.test(head) || digits > 10) {
        if (sp < 0 && digits <= 10 && /^[1-9]\d*$/.test(head)) return out; // length still arriving
        out.push(
          this.fail(
            'FRAMING_ERROR',
            `octet counting: MSG-LEN must be 1-10 digits without leading zero, got "${head.slice(0, 11)}"`,
            true,
          ),
        );
        return out;
      }
      if (sp < 0) return out; // the length field is complete only at its space
      const len = Number(head);
      if (len > this.maxSize) {
        out.push(
          this.fail(
            'FRAME_TOO_LARGE',
            `octet counting: frame of ${len} octets exceeds the ${this.maxSize}-octet limit; skipped`,
            false,
          ),
        );
        this.buf = this.buf.subarray(sp + 1);
        this.skip = len;
        continue;
      }
      if (this.buf.length < sp + 1 + len) return out;
      out.push({ ok: true, text: this.buf.subarray(sp + 1, sp + 1 + len).toString('utf8') });
      this.buf = this.buf.subarray(sp + 1 + len);
    }
  }

  private lines(): Frame[] {
    const out: Frame[] = [];
    for (;;) {
      let end = this.buf.indexOf(0x0a);
      const nul = this.buf.indexOf(0x00);
      if (nul >= 0 && (end < 0 || nul < end)) end = nul;
      if (end < 0) {
        if (this.buf.length > this.maxSize && !this.discarding) {
          out.push(
            this.fail(
              'FRAME_TOO_LARGE',
              `LF framing: message longer than ${this.maxSize} octets; discarded up to the next LF`,
              false,
            ),
          );
          this.discarding = true;
        }
        if (this.discarding) this.buf = Buffer.alloc(0);
        return out;
      }
      const line = trimEnd(this.buf.subarray(0, end));
      this.buf = this.buf.subarray(end + 1);
      if (this.discarding) this.discarding = false;
      else if (line.length > this.maxSize)
        out.push(
          this.fail(
            'FRAME_TOO_LARGE',
            `LF framing: message of ${line.length} octets exceeds the ${this.maxSize}-octet limit`,
            false,
          ),
        );
      else if (line.length > 0) out.push({ ok: true, text: line.toString('utf8') });
    }
  }

  private fail(code: 'FRAMING_ERROR' | 'FRAME_TOO_LARGE', message: string, fatal: boolean): Frame {
    if (fatal) this.dead = true;
    return { ok: false, error: new SourceError(code, message), fatal };
  }
}

function trimEnd(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] === 0x0d ? b.subarray(0, -1) : b;
}
