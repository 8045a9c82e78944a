// The common tail of every JSON adapter: redact the parsed record and its raw text, map the
// redacted record to a draft, build the events.
import { redactJson, type JsonRules } from '../redact/json-redaction.ts';
import { redactRawJson } from '../redact/raw-redaction.ts';
import { buildEvent, type BuildContext, type EventDraft } from './event-builder.ts';
import type { Json } from './field-access.ts';
import type { NormalizedRecord } from './record-types.ts';

export function emitJson(
  rec: Json,
  raw: string,
  rules: JsonRules,
  ctx: BuildContext,
  toDraft: (redacted: Json) => EventDraft,
): NormalizedRecord[] {
  const red = redactJson(rec, ctx.hmacKey, rules);
  const rr = redactRawJson(raw, red, ctx.hmacKey);
  const draft = toDraft(red.value as Json);
  if (rr.reserialized) draft.detail = { ...draft.detail, raw_reserialized: true };
  return buildEvent(draft, rr.raw, rr.findings, ctx);
}
