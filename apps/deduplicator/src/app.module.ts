import { Module, type DynamicModule } from '@nestjs/common';
import { topicName, Topics } from '@newsgraph/contracts';
import { DbModule } from '@newsgraph/db';
import { DedupModule } from '@newsgraph/dedup';
import { KafkaPublisherModule } from '@newsgraph/kafka';
import type { DeduplicatorConfig } from './config';
import { DedupController } from './dedup.controller';

const HOUR = 3_600_000;

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
        DedupModule.forRoot({
          sequenceTopic: topicName(Topics.dedupSequence, config.TOPIC_PREFIX),
          engine: {
            nearDup: { capacity: config.DEDUP_NEAR_CAPACITY },
            stories: {
              maxArticles: config.DEDUP_STORY_WINDOW_ARTICLES,
              windowMs: config.DEDUP_STORY_WINDOW_HOURS * HOUR,
              inactivityMs: config.DEDUP_STORY_INACTIVITY_HOURS * HOUR,
              refineEvery: config.DEDUP_STORY_REFINE_EVERY,
            },
          },
          snapshotEvery: config.DEDUP_SNAPSHOT_EVERY,
          snapshotIntervalMs: config.DEDUP_SNAPSHOT_INTERVAL_SECONDS * 1000,
        }),
      ],
      controllers: [DedupController],
    };
  }
}
