// One CloudTrail record → event draft. Fields: docs.aws.amazon.com/awscloudtrail/latest/
// userguide/cloudtrail-event-reference-record-contents.html and …-user-identity.html; KMS
// specifics from the KMS developer guide ct-* pages (research note §1, CloudTrail row).
import type { KmsRole } from '@keywatch/protocol';
import type { EventDraft } from '../core/event-builder.ts';
import { at, obj, str, type Json } from '../core/field-access.ts';
import { lookupRoles } from '../core/role-map.ts';
import { toUtc } from '../core/event-time.ts';
import type { RoleMap } from '../core/record-types.ts';
import { CLOUDTRAIL_NAMES, KMS_NAMES, OTHER_NAMES } from './cloudtrail-names.ts';

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/;
const HUMAN = new Set([
  'IAMUser',
  'AssumedRole',
  'FederatedUser',
  'IdentityCenterUser',
  'SAMLUser',
  'WebIdentityUser',
  'AWSAccount',
  'Unknown',
]);

/** userIdentity.type → shared roles (issue 3): Root → root, AWSService → service, people and
 *  roles → crypto_user unless the principal map says otherwise. */
function roles(id: Json, map: RoleMap | undefined): Set<KmsRole> {
  const type = str(id, 'type');
  const mapped = lookupRoles(
    map,
    str(id, 'arn'),
    str(id, 'sessionContext', 'sessionIssuer', 'arn'),
    str(id, 'userName'),
  );
  if (mapped.size > 0) return mapped;
  if (type === 'Root') return new Set(['root']);
  if (type === 'AWSService' || (type === undefined && str(id, 'invokedBy')))
    return new Set(['service']);
  if (type !== undefined && HUMAN.has(type)) return new Set(['crypto_user']);
  return new Set();
}

function keyTarget(rec: Json, name: string) {
  const resources = Array.isArray(rec['resources']) ? rec['resources'] : [];
  const keys = resources.map((r) => obj(r)).filter((r) => r && str(r, 'type') === 'AWS::KMS::Key');
  const req = obj(rec['requestParameters']) ?? {};
  const arn =
    (name === 'ReEncrypt' ? str(req, 'destinationKeyId') : undefined) ??
    str(keys[keys.length - 1], 'ARN') ??
    str(rec, 'responseElements', 'keyMetadata', 'arn') ??
    str(rec, 'responseElements', 'keyId') ??
    str(req, 'keyId') ??
    str(req, 'targetKeyId');
  const alias = str(req, 'aliasName');
  const keyId = str(req, 'keyId');
  const label = alias ?? (keyId !== undefined && keyId !== arn ? keyId : undefined);
  return arn === undefined && alias === undefined
    ? undefined
    : { type: alias && !arn ? 'alias' : 'key', id: arn ?? alias, name: label };
}

export function cloudTrailDraft(rec: Json, map: RoleMap | undefined): EventDraft {
  const source = str(rec, 'eventSource') ?? '';
  const name = str(rec, 'eventName') ?? '';
  const id = obj(rec['userIdentity']) ?? {};
  const kms = source === 'kms.amazonaws.com' ? KMS_NAMES[name] : undefined;
  const trail = source === 'cloudtrail.amazonaws.com' ? CLOUDTRAIL_NAMES[name] : undefined;
  const type = kms?.[0] ?? trail ?? OTHER_NAMES[`${source}:${name}`] ?? 'other.unmapped';
  const errorCode = str(rec, 'errorCode');
  const consoleFail = str(rec, 'responseElements', 'ConsoleLogin') === 'Failure';
  const srcIp = str(rec, 'sourceIPAddress');
  const ipOk = srcIp !== undefined && IP.test(srcIp);
  const trailName =
    str(rec, 'requestParameters', 'name') ?? str(rec, 'requestParameters', 'trailName');
  return {
    vendorId: str(rec, 'eventID'),
    time: toUtc(rec['eventTime']),
    type,
    operation:
      name === '' ? undefined : source === 'kms.amazonaws.com' ? name : `${source}:${name}`,
    outcome: errorCode || consoleFail ? 'failure' : 'success',
    actor: {
      id: str(id, 'arn') ?? str(id, 'principalId') ?? str(id, 'invokedBy') ?? str(id, 'accountId'),
      name: str(id, 'userName') ?? str(id, 'sessionContext', 'sessionIssuer', 'userName'),
      roles: roles(id, map),
      type: str(id, 'type') ?? (str(id, 'invokedBy') ? 'AWSService' : undefined),
      ip: ipOk ? srcIp : undefined,
      session: str(id, 'accessKeyId'),
      user_agent: str(rec, 'userAgent'),
    },
    target: trail
      ? trailName
        ? { type: 'trail', id: trailName }
        : undefined
      : keyTarget(rec, name),
    keyBearing: kms?.[1] ?? false,
    source: { request_id: str(rec, 'requestID') },
    detail: {
      event_source: source,
      event_type: str(rec, 'eventType'),
      aws_region: str(rec, 'awsRegion'),
      account_id: str(rec, 'recipientAccountId') ?? str(id, 'accountId'),
      read_only: typeof rec['readOnly'] === 'boolean' ? rec['readOnly'] : undefined,
      error_code: errorCode,
      error_message: str(rec, 'errorMessage'),
      source_service: ipOk ? undefined : srcIp,
      invoked_by: str(id, 'invokedBy'),
      principal_id: str(id, 'principalId'),
      session_issuer: str(id, 'sessionContext', 'sessionIssuer', 'arn'),
      mfa_authenticated: str(id, 'sessionContext', 'attributes', 'mfaAuthenticated'),
      source_key_id:
        name === 'ReEncrypt' ? str(rec, 'requestParameters', 'sourceKeyId') : undefined,
      key_state: str(rec, 'responseElements', 'keyState'),
      pending_window_days: at(rec, 'requestParameters', 'pendingWindowInDays'),
      deletion_date: str(rec, 'responseElements', 'deletionDate'),
      request_parameters: obj(rec['requestParameters']),
      event_version: str(rec, 'eventVersion'),
    },
  };
}
