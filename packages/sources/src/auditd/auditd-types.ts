// auditd record type → taxonomy type (record types: linux/audit.h and the audit-userspace
// lib/libaudit.h list; meanings in the Red Hat Security Guide, "Audit Record Types").
import type { ActionType } from '@keywatch/protocol';

export const AUDITD_TYPES: Readonly<Record<string, ActionType>> = {
  USER_LOGIN: 'auth.login',
  USER_AUTH: 'auth.login',
  USER_ERR: 'auth.login',
  USER_LOGOUT: 'auth.logout',
  USER_CMD: 'host.exec',
  EXECVE: 'host.exec',
  ADD_USER: 'user.create',
  DEL_USER: 'user.delete',
  ADD_GROUP: 'user.create',
  DEL_GROUP: 'user.delete',
  USER_MGMT: 'user.change',
  GRP_MGMT: 'user.change',
  USER_CHAUTHTOK: 'user.change',
  GRP_CHAUTHTOK: 'user.change',
  ACCT_LOCK: 'user.change',
  ACCT_UNLOCK: 'user.change',
  CHUSER_ID: 'user.change',
  CHGRP_ID: 'user.change',
  USER_ROLE_CHANGE: 'role.assign',
  ROLE_ASSIGN: 'role.assign',
  ROLE_REMOVE: 'role.revoke',
  CONFIG_CHANGE: 'audit.config_change',
  DAEMON_CONFIG: 'audit.config_change',
  DAEMON_RECONFIG: 'audit.config_change',
  DAEMON_ROTATE: 'audit.config_change',
  DAEMON_END: 'audit.disabled',
  DAEMON_ABORT: 'audit.disabled',
  DAEMON_START: 'audit.enabled',
  DAEMON_RESUME: 'audit.enabled',
  SYSTEM_BOOT: 'system.start',
  SYSTEM_SHUTDOWN: 'system.stop',
  SERVICE_START: 'system.start',
  SERVICE_STOP: 'system.stop',
  SYSTEM_RUNLEVEL: 'system.config_change',
  USYS_CONFIG: 'system.config_change',
  KERN_MODULE: 'system.config_change',
  NETFILTER_CFG: 'system.config_change',
  MAC_POLICY_LOAD: 'system.config_change',
  MAC_CONFIG_CHANGE: 'system.config_change',
  MAC_STATUS: 'system.config_change',
  SOFTWARE_UPDATE: 'system.firmware',
  CRYPTO_TEST_USER: 'system.self_test',
};

/** Kernel records that belong to a multi-record event and wait for the rest (EOE/PROCTITLE). */
export const MULTI = new Set([
  'SYSCALL', 'PATH', 'CWD', 'EXECVE', 'PROCTITLE', 'SOCKADDR', 'SOCKETCALL', 'FD_PAIR', 'MMAP',
  'BPRM_FCAPS', 'CAPSET', 'IPC', 'OBJ_PID', 'AVC', 'SECCOMP', 'KERN_MODULE', 'NETFILTER_CFG',
  'TIME_INJOFFSET', 'TIME_ADJNTPVAL', 'MQ_OPEN', 'MQ_SENDRECV', 'MQ_NOTIFY', 'MQ_GETSETATTR',
]);

/** Records that only add detail to the event they belong to. */
export const AUXILIARY = new Set(['SYSCALL', 'PATH', 'CWD', 'PROCTITLE', 'SOCKADDR', 'EOE', 'BPRM_FCAPS', 'MMAP', 'FD_PAIR', 'OBJ_PID']);
