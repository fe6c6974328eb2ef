import { join } from 'node:path';

/**
 * The knowledge base shipped with the project: countries, territories and world
 * regions (with QIDs, names in 78 languages) and populated places of 100,000+
 * people. Built by build-default-kb.ts; see there for sources and licences.
 */
export const DEFAULT_KB_PATH = join(__dirname, '../../kb/default-kb.jsonl.gz');
