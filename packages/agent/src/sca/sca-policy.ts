// The SCA policy model (docs/sca.md): in the manner of Wazuh SCA, each check has an id, title,
// rationale, remediation, compliance references and a condition (all / any / none) over rules.
// Results follow XCCDF 1.2 §6.6.4.2 (the result states of a rule-result).

export type XccdfResult =
  'pass' | 'fail' | 'error' | 'unknown' | 'notapplicable' | 'notchecked' | 'informational';

/** A rule's own outcome before the check's condition combines them. */
export type RuleOutcome = 'true' | 'false' | 'error' | 'unknown' | 'notchecked';

export type Condition = 'all' | 'any' | 'none';

export interface FileRule {
  kind: 'file';
  paths: string[];
  recursive: boolean;
  /** all (default): every target satisfies the predicates; any: at least one does. */
  scope: 'all' | 'any';
  exists?: boolean;
  type?: 'file' | 'directory' | 'symlink';
  mode?: number;
  modeMax?: number;
  owner?: string[];
  group?: string[];
  aclHas?: string[];
  aclLacks?: string[];
  aclExtended?: boolean;
  matches?: string;
  notMatches?: string;
  compare?: string;
  as?: string;
}
export interface PackageRule {
  kind: 'package';
  name: string;
  installed: boolean;
  version?: string;
}
export interface SysctlRule {
  kind: 'sysctl';
  key: string;
  value?: string;
  compare?: string;
}
export interface SystemdRule {
  kind: 'systemd';
  unit: string;
  enabled?: boolean;
  active?: boolean;
}
export interface ProcessRule {
  kind: 'process';
  name: string;
  running: boolean;
}
export interface PortRule {
  kind: 'port';
  port: number;
  listening: boolean;
}
export interface CommandRule {
  kind: 'command';
  command: string;
  matches?: string;
  compare?: string;
  as?: string;
}

export type ScaRule = (
  FileRule | PackageRule | SysctlRule | SystemdRule | ProcessRule | PortRule | CommandRule
) & { not: boolean };

export interface ScaCheck {
  id: string;
  title: string;
  description?: string;
  rationale?: string;
  remediation?: string;
  /** e.g. { pci_dss: ["3.5.2"], nist_800_53: ["SC-12"], cis: ["5.2.8"] } */
  compliance: Record<string, string[]>;
  condition: Condition;
  informational: boolean;
  /** When not met, the check is notapplicable (e.g. Vault checks on a host without Vault). */
  requirements?: { condition: Condition; rules: ScaRule[] };
  rules: ScaRule[];
}

export interface ScaPolicy {
  id: string;
  name: string;
  description?: string;
  requirements?: { condition: Condition; rules: ScaRule[] };
  checks: ScaCheck[];
}

export interface CheckResult {
  id: string;
  title: string;
  result: XccdfResult;
  reasons: string[];
  compliance: Record<string, string[]>;
}
