export {
  independentOpenCheckpoint,
  independentParseVerifierKey,
  independentVerifyConsistency,
  independentVerifyInclusion,
  independentVerifyInclusionHash,
} from './independent-verifier.ts';
