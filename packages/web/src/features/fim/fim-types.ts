// File-integrity shapes: change events from agents (docs/fim.md, "Events") and the per-agent view
// of GET /v1/agents/{id}/fim (the latest approved baseline and recent commands).
import type { StoredEvent } from '../../api/api-types.ts';

export const CHANGE_TYPES = [
  'fim.added',
  'fim.removed',
  'fim.modified',
  'fim.attributes_changed',
  'fim.type_changed',
  'fim.restored',
  'fim.restore_failed',
];

export type FileRecord = Record<string, unknown>;

export interface ChangeDetail {
  change?: string;
  attributes?: string[];
  before?: FileRecord;
  after?: FileRecord;
  diff?: string;
  explained_by?: string;
}

export interface FimCommand {
  id: string;
  kind: 'rebaseline' | 'restore';
  path: string | null;
  requested_by: string;
  requested: string;
  status: string;
  completed: string | null;
}

export interface FimInfo {
  agent: string;
  baseline: {
    version: number;
    sha256: string;
    entries: number;
    created: string;
    known_good: Record<string, string>;
  } | null;
  commands: FimCommand[];
}

export const changeOf = (e: StoredEvent): ChangeDetail => e.detail ?? {};
export const kindOf = (e: StoredEvent): string => e.type.replace(/^fim\./, '').replace('_', ' ');
