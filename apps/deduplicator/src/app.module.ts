import { Module, type DynamicModule } from '@nestjs/common';
import { DbModule } from '@newsgraph/db';
import { DedupModule } from '@newsgraph/dedup';
import { KafkaPublisherModule } from '@newsgraph/kafka';
import type { DeduplicatorConfig } from './config';
import { DedupController } from './dedup.controller';

@Module({})
export class AppModule {
  static forConfig(config: DeduplicatorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL),
        KafkaPublisherModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'newsgraph-deduplicator',
          topicPrefix: config.TOPIC_PREFIX,
        }),
        DedupModule,
      ],
      controllers: [DedupController],
    };
  }
}
