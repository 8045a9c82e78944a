export {
  independentOpenCheckpoint,
  independentParseVerifierKey,
  independentVerifyConsistency,
  independentVerifyInclusion,
  independentVerifyInclusionHash,
} from './independent-verifier.ts';
export { startWebhookSink } from './webhook-sink.ts';
export type { WebhookRequest, WebhookSink } from './webhook-sink.ts';
export { createSelfSignedCert } from './self-signed-cert.ts';
export type { SelfSignedCert } from './self-signed-cert.ts';
export { startSmtpSink } from './smtp-sink.ts';
export type { SmtpMessage, SmtpSink } from './smtp-sink.ts';
export { startSyslogSink } from './syslog-sink.ts';
export type { SyslogSink } from './syslog-sink.ts';
export { pollUntil } from './wait-for.ts';
