export type { AgentContext, AgentModule } from './agent-module.ts';
// File-integrity monitoring
export { FimScanner } from './fim/fim-scanner.ts';
export type { ScanOptions, ScanResult } from './fim/fim-scanner.ts';
export { parseFimPolicy, DEFAULT_POLICY } from './fim/fim-policy.ts';
export type { FimPolicy, PathRule } from './fim/fim-policy.ts';
export { makeBaseline, parseBaseline, BASELINE_FORMAT } from './fim/fim-baseline.ts';
export type { FimBaseline } from './fim/fim-baseline.ts';
export { readBaselineFile, writeBaselineFile } from './fim/baseline-file.ts';
export { diffEntries, compareRecords } from './fim/baseline-diff.ts';
export type { FimChange, ChangeKind } from './fim/baseline-diff.ts';
export { ATTRIBUTE_NAMES } from './fim/file-record.ts';
export type { FileRecord, FileType, HashState, AttributeName } from './fim/file-record.ts';
export type { CoverageIssue, CoverageKind } from './fim/coverage-issue.ts';
export { FimError, FIM_ERROR_CODES } from './fim/fim-error.ts';
export type { FimErrorCode } from './fim/fim-error.ts';
export { restoreFile } from './fim/restore/file-restorer.ts';
export type { RestoreInput, RestoreResult } from './fim/restore/file-restorer.ts';
export type { QuarantinedFile } from './fim/restore/quarantine.ts';
