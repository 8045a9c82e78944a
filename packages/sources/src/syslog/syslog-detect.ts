// Decides which adapter a syslog message belongs to, by APP-NAME/TAG or by content: Vault's
// syslog audit device writes its JSON entries as MSG; audisp's syslog plugin writes auditd
// records (`type=… msg=audit(…)`); CloudHSM blocks start with `Time:`/`Opcode`; cloud exports
// forwarded as JSON are recognised by their members.
import { isObject } from '../core/json-decoder.ts';
import type { SourceKind } from '../core/record-types.ts';
import type { SyslogMessage } from './syslog-message.ts';

export type Detected = { kind: Exclude<SourceKind, 'syslog'>; json?: unknown } | { kind: 'syslog' };

const VAULT_TYPES = new Set(['request', 'response', 'kmip-request', 'kmip-response']);
const AUDITD = /(?:^|\s)type=[A-Z_0-9[\]]+ msg=audit\(\d/;
const HSM =
  /^\s*(?:Time\s*:.*usecs|Sequence No\s*:|Reboot counter\s*:|Opcode\s*:|Session Handle\s*:|Response\s*:|Log type\s*:|Command Type\(hex\)\s*:|User (?:Name|Type)\s*:|(?:Priv\/Secret|Public) Key Handle\s*:)/;

function jsonKind(v: unknown, app: string): Detected['kind'] | undefined {
  if (!isObject(v)) return Array.isArray(v) ? jsonKind(v[0], app) : undefined;
  if (typeof v['type'] === 'string' && VAULT_TYPES.has(v['type']) && isObject(v['request']))
    return 'vault';
  if ('eventVersion' in v || 'Records' in v || v['detail-type'] === 'AWS API Call via CloudTrail')
    return 'cloudtrail';
  if ('protoPayload' in v) return 'gcp-kms';
  if ('operationName' in v && ('resourceId' in v || 'category' in v || 'records' in v))
    return 'azure-keyvault';
  if ('time' in v && 'type' in v && 'outcome' in v && 'actor' in v) return 'native';
  return app === 'vault' ? 'vault' : undefined;
}

export function detectSource(m: SyslogMessage): Detected {
  const app = (m.appName ?? '').toLowerCase();
  const body = m.msg.trimStart();
  if (body.startsWith('{') || body.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const kind = json === undefined ? undefined : jsonKind(json, app);
    if (kind) return { kind, json };
  }
  if (AUDITD.test(body)) return { kind: 'auditd' };
  if (app.includes('cloudhsm') || HSM.test(body)) return { kind: 'cloudhsm' };
  return { kind: 'syslog' };
}
