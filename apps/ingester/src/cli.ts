import { loadConfig } from '@newsgraph/config';
import { Topics } from '@newsgraph/contracts';
import { importFolder } from '@newsgraph/ingest';
import { createKafka, EventPublisher } from '@newsgraph/kafka';
import { runService } from '@newsgraph/runtime';
import { IngesterImportConfig } from './config';

const usage = 'usage: import <folder> [--source <name>]';

/** `npm run import -- <folder>`: publishes a folder of text articles and prints a summary. */
runService(async () => {
  const [command, folder, ...rest] = process.argv.slice(2);
  if (command !== 'import' || !folder) {
    process.stderr.write(`${usage}\n`);
    process.exit(64);
  }
  const sourceFlag = rest.indexOf('--source');
  const sourceName = sourceFlag >= 0 ? rest[sourceFlag + 1] : undefined;
  const config = loadConfig(IngesterImportConfig);
  const publisher = new EventPublisher(
    createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'newsgraph-ingester-cli' }),
    config.TOPIC_PREFIX,
  );
  try {
    const summary = await importFolder({
      folder,
      sourceName,
      publish: (articles) =>
        publisher.publish(
          Topics.articleRaw,
          articles.map((a) => ({ key: a.articleId, value: a })),
        ),
      onProgress: (done, file) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${done} files read (${file})\u001b[K`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(`imported ${summary.published} article(s) from ${summary.folder}\n`);
    for (const s of summary.skipped) process.stdout.write(`skipped ${s.file}: ${s.reason}\n`);
    process.stdout.write(`${JSON.stringify({ summary })}\n`);
  } finally {
    await publisher.disconnect();
  }
});
