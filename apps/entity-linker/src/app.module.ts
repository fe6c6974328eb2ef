import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaPublisherModule } from '@newsgraph/kafka';
import { LinkingModule } from '@newsgraph/linking';
import type { EntityLinkerConfig } from './config';
import { LinkerController } from './linker.controller';

@Module({})
export class AppModule {
  static forConfig(config: EntityLinkerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        KafkaPublisherModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'newsgraph-entity-linker',
          topicPrefix: config.TOPIC_PREFIX,
        }),
        LinkingModule.forKnowledgeBase({
          source: config.KB_SOURCE,
          path: config.KB_PATH,
          databaseUrl: config.DATABASE_URL,
        }),
      ],
      controllers: [LinkerController],
    };
  }
}
