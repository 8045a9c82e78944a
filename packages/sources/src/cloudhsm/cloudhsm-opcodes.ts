// CloudHSM audit opcodes → taxonomy type (docs.aws.amazon.com/cloudhsm/latest/userguide/
// cloudhsm-audit-log-reference.html; examples in interpreting-audit-logs.html). `user` marks the
// user-management opcodes whose User Name/User Type describe the user acted on, not the actor.
import type { ActionType, KmsRole } from '@keywatch/protocol';

export interface OpcodeInfo {
  type: ActionType;
  key?: boolean;
  user?: boolean;
}

export const OPCODES: Readonly<Record<string, OpcodeInfo>> = {
  CN_LOGIN: { type: 'auth.login' },
  CN_LOGOUT: { type: 'auth.logout' },
  CN_APP_FINALIZE: { type: 'auth.logout' },
  CN_CLOSE_SESSION: { type: 'auth.logout' },
  CN_CREATE_USER: { type: 'user.create', user: true },
  CN_CREATE_CO: { type: 'user.create', user: true },
  CN_CREATE_APPLIANCE_USER: { type: 'user.create', user: true },
  CN_DELETE_USER: { type: 'user.delete', user: true },
  CN_CHANGE_PSWD: { type: 'user.change', user: true },
  CN_CHANGE_USER_PSWD: { type: 'user.change', user: true },
  CN_SET_M_VALUE: { type: 'policy.change' },
  CN_APPROVE_TOKEN: { type: 'auth.token_create' },
  CN_GET_TOKEN: { type: 'auth.token_create' },
  CN_ZEROIZE: { type: 'key.destroy' },
  CN_INIT_TOKEN: { type: 'system.config_change' },
  CN_INIT_DONE: { type: 'system.config_change' },
  CN_SET_POLICY: { type: 'system.config_change' },
  CN_GEN_PSWD_ENC_KEY: { type: 'key.create' },
  CN_GENERATE_KEY: { type: 'key.create', key: true },
  CN_GENERATE_KEY_PAIR: { type: 'key.create', key: true },
  CN_CREATE_OBJECT: { type: 'key.import', key: true },
  CN_DESTROY_OBJECT: { type: 'key.destroy', key: true },
  CN_TOMBSTONE_OBJECT: { type: 'key.destroy', key: true },
  CN_WRAP_KEY: { type: 'key.wrap', key: true },
  CN_UNWRAP_KEY: { type: 'key.unwrap', key: true },
  // AES key wrap per NIST SP 800-38F; the same opcode appears in export and import flows.
  CN_NIST_AES_WRAP: { type: 'key.wrap', key: true },
  CN_EXTRACT_MASKED_OBJECT_USER: { type: 'key.backup', key: true },
  CN_EXTRACT_MASKED_OBJECT: { type: 'key.backup', key: true },
  CN_INSERT_MASKED_OBJECT_USER: { type: 'key.restore', key: true },
  CN_INSERT_MASKED_OBJECT: { type: 'key.restore', key: true },
  CN_CLONE_SOURCE_INIT: { type: 'key.backup' },
  CN_CLONE_TARGET_INIT: { type: 'key.restore' },
  CN_SHARE_OBJECT: { type: 'key.grant', key: true },
  CN_MODIFY_OBJECT: { type: 'key.update', key: true },
  CN_SET_ATTRIBUTE_VALUE: { type: 'key.update', key: true },
  CN_DERIVE_KEY: { type: 'crypto.derive', key: true },
};

/** `User Type` values (CloudHSM user types: CO, CU, AU, PRECO, appliance user). */
export const USER_TYPES: Readonly<Record<string, KmsRole>> = {
  CN_CRYPTO_OFFICER: 'crypto_officer',
  CN_CRYPTO_PRE_OFFICER: 'crypto_officer',
  CN_CRYPTO_USER: 'crypto_user',
  CN_APPLIANCE_USER: 'service',
  CN_AUDIT_USER: 'audit_admin',
};
