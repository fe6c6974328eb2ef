import { fixKafkajsRequestQueue } from '@newsgraph/kafka';
import { Kafka, logLevel } from 'kafkajs';

/**
 * Child of the `kafka-idle` suite: one kafkajs client with an admin, a producer
 * and a consumer connected and idle, as a service is between messages. Prints its
 * CPU over 10 s as JSON. `fixed` installs libs/kafka's RequestQueue fix first.
 */
async function main(): Promise<void> {
  const fixed = process.argv[2] === 'fixed';
  if (fixed) fixKafkajsRequestQueue();
  const kafka = new Kafka({
    clientId: 'bench-kafka-idle',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench-kafka-idle-${Date.now().toString(36)}-${process.pid}`;
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: topic });
  try {
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'one' }] });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let consumed = 0;
    await consumer.run({ eachMessage: async () => void consumed++ });
    while (consumed === 0) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 3_000));
    const before = process.cpuUsage();
    const start = performance.now();
    await new Promise((r) => setTimeout(r, 10_000));
    const used = process.cpuUsage(before);
    const share = (used.user + used.system) / 1000 / (performance.now() - start);
    process.stdout.write(`${JSON.stringify({ fixed, coreShare: share })}\n`);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`kafka-idle-client: ${String(error)}\n`);
  process.exit(1);
});
