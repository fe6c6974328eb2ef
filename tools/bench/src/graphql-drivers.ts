import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DbModule, PrismaService } from '@newsgraph/db';
import { repoRoot } from '@newsgraph/devstack';
import { createLoaders, QueryModule } from '@newsgraph/query';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Serves the api's own query resolvers (loaded from its build) with one GraphQL
 * driver, for `npm run bench -- api-drivers`: Apollo on Express (the api's driver
 * until this measurement chose the other) or Mercurius on Fastify with graphql-jit
 * (the api's driver since). Both leave out what is the same for
 * either (the security plugin, subscriptions, health and metrics), so the
 * difference measured is the driver and its HTTP server.
 */
const driver = process.env.BENCH_DRIVER === 'mercurius' ? 'mercurius' : 'apollo';
const load = createRequire(__filename);
const resolvers = (
  [
    ['articles.resolver.js', 'ArticlesResolver'],
    ['articles.resolver.js', 'ArticleConnectionResolver'],
    ['stories.resolver.js', 'StoriesResolver'],
    ['entities.resolver.js', 'EntitiesResolver'],
  ] as const
).map(
  ([file, name]) =>
    (load(join(repoRoot(), 'apps/api/dist', file)) as Record<string, Type>)[name] as Type,
);

const context = (prisma: PrismaService) => ({
  role: 'read',
  caller: 'bench',
  loaders: createLoaders(prisma),
});

function graphql(): DynamicModule {
  if (driver === 'mercurius') {
    return GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      inject: [PrismaService],
      useFactory: (prisma: PrismaService) => ({
        path: '/graphql',
        autoSchemaFile: true,
        graphiql: false,
        jit: 1,
        context: () => context(prisma),
      }),
    });
  }
  return GraphQLModule.forRootAsync<ApolloDriverConfig>({
    driver: ApolloDriver,
    inject: [PrismaService],
    useFactory: (prisma: PrismaService) => ({
      path: '/graphql',
      autoSchemaFile: true,
      playground: false,
      plugins: [ApolloServerPluginCacheControlDisabled()],
      context: () => context(prisma),
    }),
  });
}

@Module({})
class DriverModule {
  static forDriver(): DynamicModule {
    return {
      module: DriverModule,
      imports: [
        DbModule.forRoot(process.env.DATABASE_URL!, { preparedStatements: true }),
        QueryModule.forRoot({ searchCandidates: 2_000 }),
        graphql(),
      ],
      providers: resolvers,
    };
  }
}

async function main(): Promise<void> {
  const app =
    driver === 'mercurius'
      ? await NestFactory.create<NestFastifyApplication>(
          DriverModule.forDriver(),
          new FastifyAdapter(),
          { logger: ['error'] },
        )
      : await NestFactory.create(DriverModule.forDriver(), { logger: ['error'] });
  await app.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
