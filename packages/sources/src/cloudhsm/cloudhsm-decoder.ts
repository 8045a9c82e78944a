// Groups CloudHSM audit lines into blocks: a block opens at a `Time:` line and closes at a blank
// line, at the next `Time:` line, or at flush (spacing between blocks varies). Sessions are
// followed so that events without User Name are attributed to the user who logged in on the
// same Session Handle (research note §1: "else correlate Session Handle").
import { buildEvent, type BuildContext } from '../core/event-builder.ts';
import { quarantine } from '../core/quarantine.ts';
import type { DecoderOptions, NormalizedRecord, SourceDecoder } from '../core/record-types.ts';
import { finishText } from '../redact/raw-redaction.ts';
import { parseBlock } from './cloudhsm-block.ts';
import { hsmDraft, type SessionUser } from './cloudhsm-event.ts';

const START = /^\s*Time\s*:/;
const MAX_LINES = 64;
const MAX_SESSIONS = 4096;

export function createCloudHsmDecoder(ctx: BuildContext, options: DecoderOptions): SourceDecoder {
  let lines: string[] = [];
  const sessions = new Map<string, SessionUser>();
  const maxChars = options.maxRecordChars ?? 1024 * 1024;
  let size = 0;

  const close = (): NormalizedRecord[] => {
    if (lines.length === 0) return [];
    const original = lines.join('\n');
    lines = [];
    size = 0;
    // Redact first, then parse: no field can carry key bytes into the event.
    const red = finishText({ raw: original, findings: [], reserialized: false }, ctx.hmacKey);
    const raw = red.raw;
    const block = parseBlock(raw.split('\n'));
    if (!block.fields.has('Opcode') && !block.fields.has('Sequence No')) {
      return quarantine(
        'not_from_source',
        'not a CloudHSM audit block: no Opcode and no Sequence No',
        original,
        ctx,
        'Opcode',
      );
    }
    const session = block.fields.get('Session Handle');
    const draft = hsmDraft(block, ctx.host, session ? sessions.get(session) : undefined);
    trackSession(sessions, block.fields, draft.outcome === 'success');
    return buildEvent(draft, raw, red.findings, ctx);
  };

  return {
    push(line) {
      if (line.trim() === '') return close();
      if (START.test(line)) {
        const out = close();
        lines = [line];
        size = line.length;
        return out;
      }
      if (lines.length === 0) {
        return quarantine(
          'invalid_syntax',
          'line outside a CloudHSM audit block (a block starts with "Time:")',
          line,
          ctx,
        );
      }
      lines.push(line);
      size += line.length;
      return lines.length >= MAX_LINES || size > maxChars ? close() : [];
    },
    flush: close,
  };
}

function trackSession(sessions: Map<string, SessionUser>, f: Map<string, string>, ok: boolean) {
  const handle = f.get('Session Handle');
  const opcode = f.get('Opcode') ?? '';
  const name = f.get('User Name');
  if (!handle) return;
  if (opcode.startsWith('CN_LOGIN') && ok && name) {
    const type = /^([A-Z_]+)/.exec(f.get('User Type') ?? '')?.[1];
    sessions.set(handle, type ? { name, type } : { name });
    if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
  } else if (opcode.startsWith('CN_LOGOUT') || opcode.startsWith('CN_APP_FINALIZE'))
    sessions.delete(handle);
}
