import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
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
import { IdeModule, ideLandingPage } from './ide/ide.module';
import { loadIdeAssets } from './ide/ide.page';
import { ApiKeys, keyFromConnectionParams, keyFromHeaders } from './security/api-keys';
import { RateLimiter } from './security/rate-limiter';
import { securityPlugin } from './security/security.plugin';
import { StoriesResolver } from './stories.resolver';
import { ProjectionListener } from './subscriptions/projection-listener.service';
import { SubscriptionsResolver } from './subscriptions/subscriptions.resolver';

const GRAPHQL_PATH = '/graphql';

interface WsExtra {
  role?: GqlContext['role'];
  caller?: string;
}

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
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [PrismaService],
          useFactory: (prisma: PrismaService) => ({
            path: GRAPHQL_PATH,
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
              ...(ide ? [ideLandingPage(ide, GRAPHQL_PATH)] : []),
              // No cache hints are set, and Apollo's cache-control plugin wraps every
              // field resolver to compute them: off (see README, Performance).
              ApolloServerPluginCacheControlDisabled(),
            ],
            subscriptions: {
              'graphql-ws': {
                path: GRAPHQL_PATH,
                // Subscriptions always need a key: in the connection parameters (apiKey,
                // or x-api-key / Authorization as GraphiQL sends its headers) or the
                // upgrade request's headers.
                onConnect: (ctx: {
                  connectionParams?: Record<string, unknown>;
                  extra: unknown;
                }) => {
                  const extra = ctx.extra as WsExtra & { request?: IncomingMessage };
                  const presented =
                    keyFromConnectionParams(ctx.connectionParams) ??
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
