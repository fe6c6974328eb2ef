import { apiSuite } from './api';
import { apiDriversSuite } from './api-drivers';
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
  dedup: dedupSuite,
  stories: storiesSuite,
  extraction: extractionSuite,
  import: importSuite,
  'kafka-idle': kafkaIdleSuite,
  linking: linkingSuite,
  projector: projectorSuite,
};
