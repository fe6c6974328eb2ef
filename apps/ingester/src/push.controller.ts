import {
  Body,
  Controller,
  Headers,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Post,
} from '@nestjs/common';
import { Topics } from '@newsgraph/contracts';
import { ApiKeyRing, PushRequestError, validatePush } from '@newsgraph/ingest';
import { EventPublisher } from '@newsgraph/kafka';
import type { IngesterConfig } from './config';
import { INGESTER_CONFIG } from './tokens';

/** `POST /v1/articles`: one article or a batch, published to the raw topic. */
@Controller('v1/articles')
export class PushController {
  private readonly keys: ApiKeyRing;

  constructor(
    @Inject(INGESTER_CONFIG) private readonly config: IngesterConfig,
    private readonly publisher: EventPublisher,
  ) {
    this.keys = new ApiKeyRing(config.INGEST_API_KEYS);
  }

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async push(@Headers('x-api-key') apiKey: string | undefined, @Body() body: unknown) {
    if (this.keys.size === 0) {
      throw new HttpException(
        'the push API has no keys configured',
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    const owner = this.keys.identify(apiKey);
    if (owner === null) {
      throw new HttpException(
        apiKey ? 'unknown API key' : 'missing x-api-key header',
        HttpStatus.UNAUTHORIZED,
      );
    }
    let result;
    try {
      result = validatePush(body, { owner, maxItems: this.config.PUSH_MAX_ITEMS });
    } catch (error) {
      if (error instanceof PushRequestError) {
        throw new HttpException({ error: error.message }, HttpStatus.BAD_REQUEST);
      }
      throw error;
    }
    if (result.accepted.length === 0) {
      throw new HttpException(
        { error: 'no valid article', rejected: result.rejected },
        HttpStatus.BAD_REQUEST,
      );
    }
    // Answered only once the broker has acknowledged: 202 means it will be processed.
    await this.publisher.publish(
      Topics.articleRaw,
      result.accepted.map(({ article }) => ({ key: article.articleId, value: article })),
    );
    return {
      accepted: result.accepted.map(({ index, article }) => ({
        index,
        id: article.externalId,
        articleId: article.articleId,
      })),
      rejected: result.rejected,
    };
  }
}
