import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  DATABASE_URL,
  parseProjectionNotice,
  PrismaService,
  PROJECTION_CHANNEL,
} from '@newsgraph/db';
import { Client } from 'pg';
import { CountingPubSub } from './counting-pubsub';

export const ARTICLE_ADDED = 'articleAdded';
export const STORY_UPDATED = 'storyUpdated';

/**
 * LISTENs to the projector's notices and republishes the added articles and
 * changed stories to this instance's GraphQL subscribers (reading their rows only
 * when there are any). Reconnects with backoff when Postgres goes away.
 */
@Injectable()
export class ProjectionListener implements OnModuleInit, OnModuleDestroy {
  readonly pubsub = new CountingPubSub();
  private readonly logger = new Logger(ProjectionListener.name);
  private client: Client | null = null;
  private stopped = false;
  private retries = 0;

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly prisma: PrismaService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', (msg) => void this.onNotice(msg.payload));
    client.on('error', (error) => this.logger.warn(`listener connection error: ${error.message}`));
    client.on('end', () => {
      if (!this.stopped) this.reconnectLater();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PROJECTION_CHANNEL}`);
      this.client = client;
      this.retries = 0;
    } catch (error) {
      this.logger.warn(`cannot listen for projections yet: ${(error as Error).message}`);
      await client.end().catch(() => undefined);
      this.reconnectLater();
    }
  }

  private reconnectLater(): void {
    const delay = Math.min(30_000, 250 * 2 ** this.retries++);
    setTimeout(() => void (this.stopped ? undefined : this.connect()), delay).unref();
  }

  private async onNotice(payload: string | undefined): Promise<void> {
    const notice = parseProjectionNotice(payload);
    if (!notice) return;
    try {
      if (notice.articles.length && this.pubsub.hasSubscribers(ARTICLE_ADDED)) {
        const [articles, links] = await Promise.all([
          this.prisma.article.findMany({ where: { id: { in: notice.articles } } }),
          this.prisma.$queryRaw<{ articleId: string; entityId: string; qid: string | null }[]>`
            SELECT ae.article_id AS "articleId", ae.entity_id AS "entityId", e.qid
            FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
            WHERE ae.article_id = ANY(${notice.articles}::text[])`,
        ]);
        for (const article of articles) {
          const entityIds = links
            .filter((l) => l.articleId === article.id)
            .flatMap((l) => (l.qid ? [l.entityId, l.qid] : [l.entityId]));
          await this.pubsub.publish(ARTICLE_ADDED, { article, entityIds });
        }
      }
      if (notice.stories.length && this.pubsub.hasSubscribers(STORY_UPDATED)) {
        const stories = await this.prisma.story.findMany({ where: { id: { in: notice.stories } } });
        for (const story of stories) await this.pubsub.publish(STORY_UPDATED, { story });
      }
    } catch (error) {
      this.logger.warn(`could not publish a projection notice: ${(error as Error).message}`);
    }
  }
}
