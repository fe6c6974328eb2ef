import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type EnrichedArticle, type StoryMove } from '@newsgraph/contracts';
import type { ConsumedMessage } from '@newsgraph/kafka';
import { ProjectionService } from '@newsgraph/projection';

@Controller()
export class ProjectorController {
  constructor(private readonly projection: ProjectionService) {}

  @EventPattern(Topics.articleEnriched.name)
  async onEnrichedArticles(@Payload() batch: ConsumedMessage<EnrichedArticle>[]): Promise<void> {
    await this.projection.submitArticles(batch.map((m) => m.value));
  }

  @EventPattern(Topics.storyMoves.name)
  async onStoryMoves(@Payload() batch: ConsumedMessage<StoryMove>[]): Promise<void> {
    await this.projection.submitMoves(batch.map((m) => m.value));
  }
}
