// Vendor field → equivalent native field, used when an event carries no parsable original
// record (raw absent, cut at 64 KiB, or not JSON): the vendor names a rule uses still resolve
// to the values the source adapter copied verbatim (docs/rules.md, "Field mapping"). When raw
// parses, the original record is authoritative for every vendor field.
import type { RecordFormat } from './logsource-route.ts';

type Table = Readonly<Record<string, string>>;

const CLOUDTRAIL: Table = {
  eventSource: 'detail.event_source',
  eventName: 'detail.operation',
  eventType: 'detail.event_type',
  errorCode: 'detail.error_code',
  errorMessage: 'detail.error_message',
  awsRegion: 'detail.aws_region',
  readOnly: 'detail.read_only',
  userAgent: 'actor.user_agent',
  sourceIPAddress: 'actor.ip',
  requestID: 'source.request_id',
  'userIdentity.type': 'actor.type',
  'userIdentity.principalId': 'detail.principal_id',
  'userIdentity.invokedBy': 'detail.invoked_by',
  'requestParameters.': 'detail.request_parameters.',
};

const AZURE: Table = { operationName: 'detail.operation', callerIpAddress: 'actor.ip' };

const GCP: Table = {
  'protoPayload.methodName': 'detail.operation',
  'protoPayload.authenticationInfo.principalEmail': 'actor.id',
  'protoPayload.requestMetadata.callerIp': 'actor.ip',
  'protoPayload.resourceName': 'target.id',
};

const AUDITD: Table = { type: 'detail.operation' };
const CLOUDHSM: Table = { Opcode: 'detail.operation', 'User Name': 'actor.id' };
const NONE: Table = {};

const BY_KIND: Record<string, Table> = {
  cloudtrail: CLOUDTRAIL,
  'azure-keyvault': AZURE,
  'gcp-kms': GCP,
  auditd: AUDITD,
  cloudhsm: CLOUDHSM,
};

/** The native path standing in for `field` of a vendor rule, or undefined when none is equivalent. */
export function fallbackPath(
  kinds: readonly string[] | undefined,
  format: RecordFormat,
  field: string,
): string | undefined {
  if (format === 'native') return undefined;
  const table = BY_KIND[kinds?.[0] ?? ''] ?? NONE;
  const direct = table[field];
  if (direct !== undefined) return direct;
  for (const [k, v] of Object.entries(table))
    if (k.endsWith('.') && field.startsWith(k)) return v + field.slice(k.length);
  return undefined;
}
