// Where the shipped KMS rule pack lives, for loadRules(RULE_PACK_DIR).
import { fileURLToPath } from 'node:url';

export const RULE_PACK_DIR: string = fileURLToPath(new URL('../rules', import.meta.url));
