import { apiSuite } from './api';
import { apiDriversSuite } from './api-drivers';
import { crc32cSuite } from './crc32c';
import { dedupSuite } from './dedup';
import { storiesSuite } from './stories';
import { extractionSuite } from './extraction';
import { importSuite } from './import';
import { kafkaIdleSuite } from './kafka-idle';
import { linkingSuite } from './linking';
import { projectorSuite } from './projector';

/** A suite returns the lines it reports (throughput, memory, sizes). */
export type BenchSuite = () => Promise<string[]>;

/** One entry per suite; each lives in its own file in this folder. */
export const SUITES: Record<string, BenchSuite> = {
  api: apiSuite,
  'api-drivers': apiDriversSuite,
  crc32c: crc32cSuite,
  dedup: dedupSuite,
  stories: storiesSuite,
  extraction: extractionSuite,
  import: importSuite,
  'kafka-idle': kafkaIdleSuite,
  linking: linkingSuite,
  projector: projectorSuite,
};
