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

  /** Any instance: raw articles (many partitions) into the one ordered sequence. */
  @EventPattern(Topics.articleRaw.name)
  async onRawArticles(@Payload() batch: ConsumedMessage<RawArticle>[]): Promise<void> {
    await this.publisher.publish(
      Topics.dedupSequence,
      batch.map((m) => ({ key: m.value.articleId, value: m.value })),
    );
  }

  /** The instance holding the sequence partition: verdicts, stories and story moves. */
  @EventPattern(Topics.dedupSequence.name)
  async onSequence(@Payload() batch: ConsumedMessage<RawArticle>[]): Promise<void> {
    const { deduped, moves } = await this.dedup.decide(
      batch.map((m) => ({ offset: m.offset, article: m.value, generation: m.generation })),
    );
    await Promise.all([
      this.publisher.publish(
        Topics.articleDeduped,
        deduped.map((value) => ({ key: value.article.articleId, value })),
      ),
      this.publisher.publish(
        Topics.storyMoves,
        moves.map((value) => ({ key: value.articleId, value })),
      ),
    ]);
    await this.dedup.checkpoint();
  }
}
