import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { DbModule } from '@newsgraph/db';
import { QueryModule } from '@newsgraph/query';
import { ArticlesResolver } from './articles.resolver';
import { CatalogResolver } from './catalog.resolver';
import type { ApiConfig } from './config';
import { formatError } from './errors';

@Module({})
export class AppModule {
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL),
        QueryModule,
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          introspection: true,
          includeStacktraceInErrorResponses: false,
          formatError,
        }),
      ],
      providers: [ArticlesResolver, CatalogResolver],
    };
  }
}
