import { loadConfig } from '@newsgraph/config';
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
      groupId: `${config.TOPIC_PREFIX}newsgraph.entity-linker`,
      topicPrefix: config.TOPIC_PREFIX,
    },
  });
});
