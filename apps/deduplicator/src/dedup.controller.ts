import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type RawArticle } from '@newsgraph/contracts';
import { DedupService } from '@newsgraph/dedup';
import { EventPublisher, type ConsumedMessage } from '@newsgraph/kafka';

@Controller()
export class DedupController {
  constructor(
    private readonly dedup: DedupService,
    private readonly publisher: EventPublisher,
  ) {}

  @EventPattern(Topics.articleRaw.name)
  async onRawArticles(@Payload() batch: ConsumedMessage<RawArticle>[]): Promise<void> {
    const results = await this.dedup.deduplicate(batch.map((m) => m.value));
    await this.publisher.publish(
      Topics.articleDeduped,
      results.map((value) => ({ key: value.article.articleId, value })),
    );
  }
}
