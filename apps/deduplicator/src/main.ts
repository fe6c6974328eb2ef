import { loadConfig } from '@newsgraph/config';
import { ConsumerGroups, groupId, Topics } from '@newsgraph/contracts';
import { bootstrapService, runService } from '@newsgraph/runtime';
import { AppModule } from './app.module';
import { DeduplicatorConfig } from './config';

runService(async () => {
  const config = loadConfig(DeduplicatorConfig);
  await bootstrapService({
    name: 'deduplicator',
    module: AppModule.forConfig(config),
    port: config.DEDUPLICATOR_PORT,
    logLevel: config.LOG_LEVEL,
    kafka: {
      brokers: config.KAFKA_BROKERS,
      clientId: 'newsgraph-deduplicator',
      groupId: groupId(ConsumerGroups.deduplicator, config.TOPIC_PREFIX),
      groupIds: {
        [Topics.dedupSequence.name]: groupId(
          ConsumerGroups.deduplicatorSequence,
          config.TOPIC_PREFIX,
        ),
      },
      topicPrefix: config.TOPIC_PREFIX,
    },
  });
});
