export { verifyLog } from './verify/verify-log.ts';
export type { VerifyOptions, VerifyOutcome } from './verify/verify-log.ts';
export { BundleLogSource, BUNDLE_FILES } from './log-sources/bundle-log-source.ts';
export { ServerLogSource } from './log-sources/server-log-source.ts';
export { StoreLogSource } from './log-sources/store-log-source.ts';
export type { LogSource, CheckpointEntry } from './log-sources/log-source.ts';
export { CliError, CLI_ERROR_CODES } from './cli-error.ts';
export type { CliErrorCode } from './cli-error.ts';
