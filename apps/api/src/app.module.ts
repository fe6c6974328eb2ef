import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { DbModule, PrismaService } from '@newsgraph/db';
import { createLoaders, QueryModule } from '@newsgraph/query';
import type { IncomingMessage } from 'node:http';
import { ArticleConnectionResolver, ArticlesResolver } from './articles.resolver';
import type { ApiConfig } from './config';
import type { GqlContext } from './context';
import { EntitiesResolver } from './entities.resolver';
import { formatError } from './errors';
import { FeedsApiModule } from './feeds/feeds.module';
import { ApiKeys, keyFromHeaders } from './security/api-keys';
import { RateLimiter } from './security/rate-limiter';
import { securityPlugin } from './security/security.plugin';
import { StoriesResolver } from './stories.resolver';
import { ProjectionListener } from './subscriptions/projection-listener.service';
import { SubscriptionsResolver } from './subscriptions/subscriptions.resolver';

interface WsExtra {
  role?: GqlContext['role'];
  caller?: string;
}

@Module({})
export class AppModule {
  static forConfig(config: ApiConfig): DynamicModule {
    const keys = new ApiKeys(config.API_READ_KEYS, config.API_ADMIN_KEYS);
    const limiter = new RateLimiter(config.API_RATE_LIMIT_PER_MINUTE);
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL, { countQueries: config.API_EXPOSE_QUERY_COUNT }),
        QueryModule,
        FeedsApiModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [PrismaService],
          useFactory: (prisma: PrismaService) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            playground: false,
            introspection: true,
            includeStacktraceInErrorResponses: false,
            formatError,
            plugins: [
              securityPlugin({
                maxDepth: config.API_MAX_DEPTH,
                maxComplexity: config.API_MAX_COMPLEXITY,
                requireReadKey: config.API_REQUIRE_READ_KEY,
                exposeQueryCount: config.API_EXPOSE_QUERY_COUNT,
                limiter,
              }),
            ],
            subscriptions: {
              'graphql-ws': {
                path: '/graphql',
                // Subscriptions always need a key: connectionParams.apiKey or x-api-key.
                onConnect: (ctx: {
                  connectionParams?: Record<string, unknown>;
                  extra: unknown;
                }) => {
                  const extra = ctx.extra as WsExtra & { request?: IncomingMessage };
                  const param = ctx.connectionParams?.apiKey;
                  const presented =
                    (typeof param === 'string' ? param : undefined) ??
                    (extra.request ? keyFromHeaders(extra.request.headers) : undefined);
                  const role = keys.roleOf(presented);
                  if (role !== 'read' && role !== 'admin') return false;
                  extra.role = role;
                  extra.caller = presented;
                  return true;
                },
              },
            },
            context: ({
              req,
              extra,
            }: {
              req?: IncomingMessage & { ip?: string };
              extra?: WsExtra;
            }): GqlContext => {
              if (extra?.role)
                return {
                  role: extra.role,
                  caller: extra.caller ?? '',
                  loaders: createLoaders(prisma),
                };
              const presented = req ? keyFromHeaders(req.headers) : undefined;
              return {
                role: keys.roleOf(presented) ?? 'invalid',
                caller: presented ?? req?.ip ?? req?.socket.remoteAddress ?? 'unknown',
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
      ],
    };
  }
}
