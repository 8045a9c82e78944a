export {
  NativeEventSchema,
  ActorSchema,
  TargetSchema,
  SourceSchema,
  OUTCOMES,
  SEVERITIES,
} from './native-event-schema.ts';
export type {
  NativeEvent,
  StoredEvent,
  Actor,
  Target,
  Source,
  Outcome,
  Severity,
} from './native-event-schema.ts';
export { validateEvent } from './validate-event.ts';
export type { EventProblem, EventValidation } from './validate-event.ts';
export { API_ROLES, PERSON_ROLES } from './api-types.ts';
export type {
  ApiRole,
  IngestResult,
  IngestResponse,
  ErrorBody,
  InclusionProofJson,
  ConsistencyProofJson,
} from './api-types.ts';
export { ACTION_TYPES, KMS_ROLES, isActionType } from './action-taxonomy.ts';
export type { ActionType, KmsRole } from './action-taxonomy.ts';
export {
  AGENT_HEADERS,
  AGENT_CLOCK_SKEW_MS,
  AGENT_POLICY_NOTE_HEADER,
  agentSigningString,
} from './agent-signing.ts';
export type {
  AgentSigningInput,
  AgentPolicyEnvelope,
  AgentEnrollResponse,
} from './agent-signing.ts';
export { KEY_STATES, matchInventory } from './key-inventory.ts';
export type {
  KeyState,
  KeyInventoryEntry,
  KeyObservation,
  KeyObservationFinding,
  InventoryMatch,
} from './key-inventory.ts';
export { parseInventory, validateInventoryEntry } from './key-inventory-parse.ts';
export { batchGcd, findSharedPrimes, gcd, productOf, ModulusEstate } from './batch-gcd.ts';
export type { SharedPrime } from './batch-gcd.ts';
export { checkCryptoperiod, CRYPTOPERIOD_DAYS } from './key-cryptoperiod.ts';
export type { KeyUsage, Lifecycle } from './key-cryptoperiod.ts';
export { compareDebVersions, parseDebVersion, verrevcmp } from './dpkg-version.ts';
export type { DebVersion } from './dpkg-version.ts';
