import { loadConfig } from '@newsgraph/config';
import { ConsumerGroups, groupId, Topics } from '@newsgraph/contracts';
import { bootstrapService, runService } from '@newsgraph/runtime';
import { AppModule } from './app.module';
import { ProjectorConfig } from './config';

runService(async () => {
  const config = loadConfig(ProjectorConfig);
  await bootstrapService({
    name: 'projector',
    module: AppModule.forConfig(config),
    port: config.PROJECTOR_PORT,
    logLevel: config.LOG_LEVEL,
    kafka: {
      brokers: config.KAFKA_BROKERS,
      clientId: 'newsgraph-projector',
      groupId: groupId(ConsumerGroups.projector, config.TOPIC_PREFIX),
      groupIds: {
        [Topics.storyMoves.name]: groupId(ConsumerGroups.projectorStoryMoves, config.TOPIC_PREFIX),
      },
      topicPrefix: config.TOPIC_PREFIX,
      maxBatchSize: 1000,
      partitionsConcurrently: config.PROJECTOR_CONCURRENCY,
    },
  });
});
