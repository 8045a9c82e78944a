// The one shape every adapter shares (issue 3): a stateful line decoder producing normalized
// records, each either a native event or a quarantine entry with its reason and the raw text.
import type { KmsRole, NativeEvent } from '@keywatch/protocol';
import type { QuarantineCode } from './source-error.ts';

export const SOURCE_KINDS = [
  'vault',
  'cloudtrail',
  'gcp-kms',
  'azure-keyvault',
  'cloudhsm',
  'auditd',
  'syslog',
  'native',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export type NormalizedRecord =
  | { kind: 'event'; event: NativeEvent; incomplete?: string[] }
  | { kind: 'quarantine'; code: QuarantineCode; reason: string; field?: string; raw: string };

export interface SourceDecoder {
  /** One line of input, without its line terminator. */
  push(line: string): NormalizedRecord[];
  /** End of input (or idle): emits whatever is pending (unpaired requests, open blocks). */
  flush(): NormalizedRecord[];
}

/** Maps a vendor principal (exact string, or a prefix ending in `*`) onto shared roles. */
export type RoleMap = Readonly<Record<string, readonly KmsRole[]>>;

export interface DecoderOptions {
  /** Per-log HMAC key: secrets become `hmac-sha256:<hex>` under it (as Vault audit devices do). */
  hmacKey: string | Uint8Array;
  /** The collector's name for the source host (CloudHSM: the HSM id / log stream). */
  host?: string;
  /** Receive clock, used only when a record has no usable time (flagged incomplete). */
  now?: () => Date;
  /** Vault policy name → roles (default: root → root). */
  vaultPolicyRoles?: RoleMap;
  /** Vault: pending requests kept for pairing before the oldest is emitted alone. */
  vaultMaxPending?: number;
  /** CloudTrail principal (ARN, session issuer ARN or user name) → roles. */
  awsPrincipalRoles?: RoleMap;
  /** GCP principal email → roles. */
  gcpPrincipalRoles?: RoleMap;
  /** Azure object id, UPN or app id → roles. */
  azurePrincipalRoles?: RoleMap;
  /** auditd auid (number or enriched name) → roles. */
  auditdUserRoles?: RoleMap;
  /** Largest multi-line JSON value or text block accepted, in characters (default 16 MiB). */
  maxRecordChars?: number;
}
