import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@newsgraph/config';
import { Topics } from '@newsgraph/contracts';
import { fileCheckpoint, importSize, runImport, type ImportProgress } from '@newsgraph/ingest';
import { createKafka, EventPublisher } from '@newsgraph/kafka';
import { runService } from '@newsgraph/runtime';
import { IngesterImportConfig } from './config';

const usage = `usage: import <folder or file> [--source <name>] [--restart]
  folders: .txt (first non-empty line is the title), .html (main text extracted),
  .jsonl / .ndjson (.gz): one {"id","url","title","text"|"html","source","publishedAt","language","byline"} per line
  ("author" is read when "byline" is absent).
  An interrupted import resumes where it stopped; --restart starts over.`;

function progressBar(total: number): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < (process.stderr.isTTY ? 200 : 5000)) return;
    last = now;
    const share = total > 0 ? Math.min(1, p.bytes / total) : 0;
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
    const line = `[${bar}] ${(share * 100).toFixed(0)}% ${p.items} item(s), ${p.ref}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line.slice(0, 120)}\u001b[K` : `${line}\n`);
  };
}

/** `./newsgraph import <path>`: publishes articles from a folder or file and prints a summary. */
runService(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { source: { type: 'string' }, restart: { type: 'boolean', default: false } },
  });
  const [command, path] = positionals;
  if (command !== 'import' || !path) {
    process.stderr.write(`${usage}\n`);
    process.exit(64);
  }
  const config = loadConfig(IngesterImportConfig);
  const publisher = new EventPublisher(
    createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'newsgraph-ingester-cli' }),
    config.TOPIC_PREFIX,
  );
  const checkpoint = fileCheckpoint(
    config.IMPORT_STATE_DIR ?? join(process.cwd(), '.local', 'import-state'),
    path,
  );
  if (values.restart) await checkpoint.clear();
  try {
    const summary = await runImport({
      path,
      sourceName: values.source,
      checkpoint,
      publish: (articles) =>
        publisher.publish(
          Topics.articleRaw,
          articles.map((a) => ({ key: a.articleId, value: a })),
        ),
      onProgress: progressBar(await importSize(path)),
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (summary.resumedAfter > 0) {
      process.stdout.write(`resumed after ${summary.resumedAfter} item(s) of an interrupted run\n`);
    }
    process.stdout.write(`imported ${summary.published} article(s) from ${summary.path}\n`);
    process.stdout.write(`duplicates within this import: ${summary.duplicates}\n`);
    process.stdout.write(`failed: ${summary.skippedCount}\n`);
    for (const s of summary.skipped) process.stdout.write(`skipped ${s.ref}: ${s.reason}\n`);
    process.stdout.write(`${JSON.stringify({ summary })}\n`);
  } finally {
    await publisher.disconnect();
  }
});
