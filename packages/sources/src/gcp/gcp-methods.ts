// Cloud KMS audit methodName → taxonomy type (cloud.google.com/kms/docs/audit-logging and the
// KeyManagementService RPC list, cloud.google.com/kms/docs/reference/rpc). methodName may be
// short ("Encrypt") or qualified ("google.cloud.kms.v1.KeyManagementService.Encrypt").
// The boolean says whether the call acts on one key or key version.
import type { ActionType } from '@keywatch/protocol';

export const GCP_METHODS: Readonly<Record<string, [ActionType, boolean]>> = {
  CreateKeyRing: ['system.config_change', false],
  CreateCryptoKey: ['key.create', true],
  CreateCryptoKeyVersion: ['key.rotate', true],
  ImportCryptoKeyVersion: ['key.import', true],
  CreateImportJob: ['other.unmapped', false],
  UpdateCryptoKey: ['key.update', true],
  UpdateCryptoKeyPrimaryVersion: ['key.rotate', true],
  UpdateCryptoKeyVersion: ['key.update', true],
  DestroyCryptoKeyVersion: ['key.destroy_scheduled', true],
  RestoreCryptoKeyVersion: ['key.destroy_cancelled', true],
  SetIamPolicy: ['key.policy_change', true],
  GetIamPolicy: ['key.read', true],
  TestIamPermissions: ['key.read', true],
  Encrypt: ['crypto.encrypt', true],
  Decrypt: ['crypto.decrypt', true],
  RawEncrypt: ['crypto.encrypt', true],
  RawDecrypt: ['crypto.decrypt', true],
  AsymmetricSign: ['crypto.sign', true],
  AsymmetricDecrypt: ['crypto.decrypt', true],
  MacSign: ['crypto.mac', true],
  MacVerify: ['crypto.mac', true],
  Decapsulate: ['crypto.derive', true],
  GenerateRandomBytes: ['crypto.random', false],
  GetPublicKey: ['key.read', true],
  GetCryptoKey: ['key.read', true],
  GetCryptoKeyVersion: ['key.read', true],
  GetKeyRing: ['key.read', false],
  GetImportJob: ['key.read', false],
  ListKeyRings: ['key.read', false],
  ListCryptoKeys: ['key.read', false],
  ListCryptoKeyVersions: ['key.read', true],
  ListImportJobs: ['key.read', false],
  CreateEkmConnection: ['system.config_change', false],
  UpdateEkmConnection: ['system.config_change', false],
  UpdateEkmConfig: ['system.config_change', false],
  UpdateAutokeyConfig: ['system.config_change', false],
  CreateKeyHandle: ['key.create', false],
};

/** UpdateCryptoKeyVersion's effect is in the request: state ENABLED/DISABLED (research §4 rule 2);
 *  UpdateCryptoKey with rotation_period in the mask enables or clears rotation (rule 8). */
export function refineGcpType(
  method: string,
  request: Record<string, unknown> | undefined,
  base: ActionType,
): ActionType {
  if (!request) return base;
  if (method === 'UpdateCryptoKeyVersion') {
    const state = (request['cryptoKeyVersion'] as Record<string, unknown> | undefined)?.['state'];
    if (state === 'DISABLED') return 'key.disable';
    if (state === 'ENABLED') return 'key.enable';
    if (state === 'DESTROY_SCHEDULED') return 'key.destroy_scheduled';
  }
  if (method === 'UpdateCryptoKey') {
    const mask = typeof request['updateMask'] === 'string' ? request['updateMask'] : '';
    if (/rotation_?period|rotationPeriod|next_?rotation_?time/i.test(mask)) {
      const key = request['cryptoKey'] as Record<string, unknown> | undefined;
      return key?.['rotationPeriod'] ? 'key.rotation_enable' : 'key.rotation_disable';
    }
  }
  return base;
}
