export {
  independentOpenCheckpoint,
  independentParseVerifierKey,
  independentVerifyConsistency,
  independentVerifyInclusion,
  independentVerifyInclusionHash,
} from './independent-verifier.ts';
export { startWebhookSink } from './webhook-sink.ts';
export type { WebhookRequest, WebhookSink } from './webhook-sink.ts';
