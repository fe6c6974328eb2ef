import { Module, type DynamicModule } from '@nestjs/common';
import { DbModule } from '@newsgraph/db';
import { FeedRegistryModule } from '@newsgraph/feed-registry';
import { KafkaPublisherModule } from '@newsgraph/kafka';
import type { IngesterConfig } from './config';
import { FeedPollerService } from './feed-poller.service';
import { PushController } from './push.controller';
import { INGESTER_CONFIG } from './tokens';

@Module({})
export class AppModule {
  static forConfig(config: IngesterConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL),
        KafkaPublisherModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'newsgraph-ingester',
          topicPrefix: config.TOPIC_PREFIX,
        }),
        FeedRegistryModule,
      ],
      controllers: [PushController],
      providers: [{ provide: INGESTER_CONFIG, useValue: config }, FeedPollerService],
    };
  }
}
