import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createKafka } from './kafka-client';
import { EventPublisher } from './publisher';

export interface PublisherModuleOptions {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
}

/** Provides the service's one `EventPublisher`, disconnected on shutdown. */
@Module({})
export class KafkaPublisherModule implements OnApplicationShutdown {
  constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}

  static forRoot(options: PublisherModuleOptions): DynamicModule {
    return {
      module: KafkaPublisherModule,
      global: true,
      providers: [
        {
          provide: EventPublisher,
          useFactory: () =>
            new EventPublisher(
              createKafka({ brokers: options.brokers, clientId: options.clientId }),
              options.topicPrefix,
            ),
        },
      ],
      exports: [EventPublisher],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}
