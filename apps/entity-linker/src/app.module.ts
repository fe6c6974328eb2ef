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
        LinkingModule.forKnowledgeBaseFile(config.KB_PATH),
      ],
      controllers: [LinkerController],
    };
  }
}
