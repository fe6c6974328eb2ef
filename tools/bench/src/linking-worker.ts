import { readFileSync } from 'node:fs';
import { EntityLinker, loadKnowledgeBase, loadKnowledgeBaseFromPostgres } from '@newsgraph/linking';
import { memoryInUse, type LinkerRun } from './suites/linking';

/**
 * The linker as the entity-linker service runs it, in a process of its own
 * (a process that generated a million records first is slower to collect):
 * loads the prebuilt index, then links the articles of a JSON file, the first
 * `warmUp` of them unmeasured. Prints a `LinkerRun` as JSON.
 *   node --expose-gc linking-worker.js postgres|file <url|snapshot> <articles.json> <warmUp>
 */
async function main(): Promise<void> {
  const [kind, where, articlesPath, warm] = process.argv.slice(2);
  if (!where || !articlesPath || (kind !== 'postgres' && kind !== 'file'))
    throw new Error('usage: linking-worker postgres|file <url|snapshot> <articles.json> <warmUp>');
  const articles = JSON.parse(readFileSync(articlesPath, 'utf8')) as string[];
  const warmUp = Number(warm ?? 0);
  const before = await memoryInUse();
  const started = process.hrtime.bigint();
  const index =
    kind === 'postgres'
      ? (await loadKnowledgeBaseFromPostgres(where))?.index
      : (await loadKnowledgeBase([where])).index;
  if (!index) throw new Error('no knowledge base in Postgres');
  const loadSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const linker = new EntityLinker(index);
  const memory = (await memoryInUse()) - before;

  // Warm up on other articles of the stream, then measure on one core (wall
  // time, and CPU time since other processes may share the machine).
  for (const text of articles.slice(0, warmUp)) linker.link(text);
  const measured = articles.slice(warmUp);
  let mentions = 0;
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  for (const text of measured) mentions += linker.mentions(text).length;
  const seconds = Number(process.hrtime.bigint() - wall) / 1e9;
  const used = process.cpuUsage(cpu);
  const run: LinkerRun = {
    from: kind === 'postgres' ? 'from Postgres' : 'file',
    loadSeconds,
    memory,
    peakRss: process.resourceUsage().maxRSS * 1024,
    perSecond: measured.length / seconds,
    perCpuSecond: measured.length / ((used.user + used.system) / 1e6),
    mentionsPerArticle: mentions / measured.length,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `linking-worker: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
