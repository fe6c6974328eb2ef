import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type DedupedArticle } from '@newsgraph/contracts';
import { EventPublisher, type ConsumedMessage } from '@newsgraph/kafka';
import { LinkingService } from '@newsgraph/linking';

@Controller()
export class LinkerController {
  constructor(
    private readonly linking: LinkingService,
    private readonly publisher: EventPublisher,
  ) {}

  @EventPattern(Topics.articleDeduped.name)
  async onDedupedArticles(@Payload() batch: ConsumedMessage<DedupedArticle>[]): Promise<void> {
    await this.publisher.publish(
      Topics.articleEnriched,
      batch.map((m) => ({ key: m.value.article.articleId, value: this.linking.enrich(m.value) })),
    );
  }
}
