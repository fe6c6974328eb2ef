import { loadConfig } from '@newsgraph/config';
import { ConsumerGroups, groupId } from '@newsgraph/contracts';
import { bootstrapService, runService } from '@newsgraph/runtime';
import { AppModule } from './app.module';
import { EntityLinkerConfig } from './config';

runService(async () => {
  const config = loadConfig(EntityLinkerConfig);
  await bootstrapService({
    name: 'entity-linker',
    module: AppModule.forConfig(config),
    port: config.ENTITY_LINKER_PORT,
    logLevel: config.LOG_LEVEL,
    kafka: {
      brokers: config.KAFKA_BROKERS,
      clientId: 'newsgraph-entity-linker',
      groupId: groupId(ConsumerGroups.entityLinker, config.TOPIC_PREFIX),
      topicPrefix: config.TOPIC_PREFIX,
    },
  });
});
