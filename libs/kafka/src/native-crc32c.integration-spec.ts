import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * In a plain Node process, as the services run (jest keeps its own module
 * registry, which the install cannot reach): createKafka installs the native
 * checksum, and the broker, which verifies every batch's CRC, accepts what is
 * produced with it and gives it back.
 */
describe('native CRC-32C in kafkajs (real broker)', () => {
  it('is the checksum kafkajs produces with, and the broker accepts it', async () => {
    const topic = `${process.env.TOPIC_PREFIX}crc`;
    const script = `
      const { createKafka, nativeCrc32c } = require(${JSON.stringify(join(__dirname, '../dist/index.js'))});
      (async () => {
        const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS.split(','), clientId: 'crc-test' });
        const admin = kafka.admin();
        await admin.connect();
        await admin.createTopics({ topics: [{ topic: ${JSON.stringify(topic)}, numPartitions: 1 }], waitForLeaders: true });
        await admin.disconnect();
        const producer = kafka.producer();
        await producer.connect();
        await producer.send({ topic: ${JSON.stringify(topic)}, acks: -1,
          messages: [{ key: 'k', value: 'x'.repeat(50000) }, { key: 'k', value: 'checksummed' }] });
        const consumer = kafka.consumer({ groupId: ${JSON.stringify(`${topic}-reader`)} });
        await consumer.connect();
        await consumer.subscribe({ topic: ${JSON.stringify(topic)}, fromBeginning: true });
        const values = [];
        await new Promise((resolve) => consumer.run({ eachMessage: async ({ message }) => {
          values.push(message.value.length);
          if (values.length === 2) resolve();
        } }));
        await consumer.disconnect();
        await producer.disconnect();
        const used = require('kafkajs/src/protocol/recordBatch/crc32C') === nativeCrc32c;
        process.stdout.write('\\nRESULT ' + JSON.stringify({ used, values }) + '\\n');
      })().catch((e) => { process.stderr.write(String(e && e.stack)); process.exit(1); });`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['-e', script],
        { cwd: join(__dirname, '../../..') },
        (error, stdout, stderr) =>
          error ? reject(new Error(stderr || error.message)) : resolve(stdout),
      ),
    );
    // The client's logger writes to stdout too.
    expect(JSON.parse(/^RESULT (.*)$/m.exec(out)![1]!)).toEqual({
      used: true,
      values: [50000, 11],
    });
  });
});
