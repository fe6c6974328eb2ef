import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { DbModule, PrismaService } from '@newsgraph/db';
import { createLoaders, QueryModule } from '@newsgraph/query';
import type { FastifyRequest } from 'fastify';
import { ArticleConnectionResolver, ArticlesResolver } from './articles.resolver';
import type { ApiConfig } from './config';
import type { GqlContext } from './context';
import { EntitiesResolver } from './entities.resolver';
import { errorFormatter } from './errors';
import { FeedsApiModule } from './feeds/feeds.module';
import { IdeModule } from './ide/ide.module';
import { loadIdeAssets } from './ide/ide.page';
import { ApiKeys, keyFromHeaders } from './security/api-keys';
import { RateLimiter } from './security/rate-limiter';
import { securityHooks } from './security/security.hooks';
import { StoriesResolver } from './stories.resolver';
import { ProjectionListener } from './subscriptions/projection-listener.service';
import { SUBSCRIPTION_OPTIONS, SubscriptionServer } from './subscriptions/subscription-server';
import { SubscriptionsResolver } from './subscriptions/subscriptions.resolver';

const GRAPHQL_PATH = '/graphql';

@Module({})
export class AppModule {
  static forConfig(config: ApiConfig): DynamicModule {
    const keys = new ApiKeys(config.API_READ_KEYS, config.API_ADMIN_KEYS);
    const limiter = new RateLimiter(config.API_RATE_LIMIT_PER_MINUTE);
    // Checked at start-up: with API_IDE on, a missing IDE build stops the api.
    const ide = config.API_IDE ? loadIdeAssets() : undefined;
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL, {
          countQueries: config.API_EXPOSE_QUERY_COUNT,
          preparedStatements: true,
        }),
        QueryModule.forRoot({ searchCandidates: config.API_SEARCH_CANDIDATES }),
        FeedsApiModule,
        ...(ide ? [IdeModule.forRoot(ide, GRAPHQL_PATH)] : []),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          // Mercurius (Fastify, graphql-jit) rather than Apollo: it served the same
          // resolvers with about 17% less CPU per request (`npm run bench -- api-drivers`).
          driver: MercuriusDriver,
          inject: [PrismaService],
          useFactory: (prisma: PrismaService) => ({
            path: GRAPHQL_PATH,
            autoSchemaFile: true,
            sortSchema: true,
            graphiql: false,
            // A query is compiled with graphql-jit from its second run on.
            jit: 1,
            // graphql-ws is served by SubscriptionServer.
            subscription: false,
            errorFormatter,
            hooks: securityHooks({
              maxDepth: config.API_MAX_DEPTH,
              maxComplexity: config.API_MAX_COMPLEXITY,
              requireReadKey: config.API_REQUIRE_READ_KEY,
              exposeQueryCount: config.API_EXPOSE_QUERY_COUNT,
              limiter,
            }),
            context: (request: FastifyRequest): GqlContext => {
              const presented = keyFromHeaders(request.headers);
              return {
                role: keys.roleOf(presented) ?? 'invalid',
                caller: presented ?? request.ip,
                loaders: createLoaders(prisma),
              };
            },
          }),
        }),
      ],
      providers: [
        ArticlesResolver,
        ArticleConnectionResolver,
        StoriesResolver,
        EntitiesResolver,
        SubscriptionsResolver,
        ProjectionListener,
        SubscriptionServer,
        { provide: SUBSCRIPTION_OPTIONS, useValue: { path: GRAPHQL_PATH, keys } },
      ],
    };
  }
}
