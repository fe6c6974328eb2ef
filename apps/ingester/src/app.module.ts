import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaPublisherModule } from '@newsgraph/kafka';
import type { IngesterConfig } from './config';

@Module({})
export class AppModule {
  static forConfig(config: IngesterConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        KafkaPublisherModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'newsgraph-ingester',
          topicPrefix: config.TOPIC_PREFIX,
        }),
      ],
    };
  }
}
