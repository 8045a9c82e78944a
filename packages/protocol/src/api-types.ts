// Types of the HTTP interface of DESIGN.md ("Interfaces that others script against").
import type { EventProblem } from './validate-event.ts';

/**
 * Roles an API token or a user can hold (least privilege: ingest can read nothing; monitor — a
 * witness or monitoring tool — reads checkpoints, the verifier key and proofs, which hold hashes
 * only, never an entry).
 */
export const API_ROLES = [
  'admin',
  'security_officer',
  'audit_admin',
  'auditor',
  'ingest',
  'monitor',
] as const;
export type ApiRole = (typeof API_ROLES)[number];
/** Roles held by people: every request they make is itself recorded in the log. */
export const PERSON_ROLES: readonly ApiRole[] = [
  'admin',
  'security_officer',
  'audit_admin',
  'auditor',
];

export type IngestResult =
  | { status: 'accepted'; id: string; index: number }
  | { status: 'duplicate'; id: string; index: number }
  | { status: 'quarantined'; quarantine_id: number; problem: EventProblem };

export interface IngestResponse {
  results: IngestResult[];
  accepted: number;
  duplicates: number;
  quarantined: number;
  /** The signed checkpoint size that covers every accepted event of this request. */
  checkpoint_size: number;
}

/** The body of every 4xx/5xx answer; `code` is one of the codes listed in docs/errors.md. */
export interface ErrorBody {
  error: { code: string; message: string };
}

export interface InclusionProofJson {
  index: number;
  treeSize: number;
  hashes: string[];
}

export interface ConsistencyProofJson {
  from: number;
  treeSize: number;
  hashes: string[];
}
