import type { ApolloServerPlugin } from '@apollo/server';
import { sqlQueryCounter } from '@newsgraph/db';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { GqlContext } from '../context';
import { queryDepth } from './query-depth';
import type { RateLimiter } from './rate-limiter';

export interface SecurityOptions {
  maxDepth: number;
  maxComplexity: number;
  requireReadKey: boolean;
  limiter: RateLimiter;
  exposeQueryCount: boolean;
}

const fail = (message: string, code: string, status: number, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, http: { status }, ...extra } });

/**
 * Lists cost their page size times their children (default page 20). Introspection
 * (`__schema`, `__type`) costs 1: its size is the schema's, and tools such as the
 * IDE need the standard introspection query (the depth limit skips it too).
 */
const connectionEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.name === '__schema' || field.name === '__type') return 1;
  const type = String(field.type).replace(/!/g, '');
  const size = (args.first as number | undefined) ?? (args.last as number | undefined);
  if (type.endsWith('Connection')) return 1 + childComplexity * (size ?? 20);
  if (type.startsWith('[')) return 1 + childComplexity * (size ?? 10);
  return undefined;
};

/** The cost the complexity limit compares (see connectionEstimator). */
export function queryComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables?: Record<string, unknown> | null,
): number {
  return getComplexity({
    schema,
    query: document,
    operationName: operationName ?? undefined,
    variables: variables ?? {},
    estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

/**
 * Runs before any resolver, so a refused request never reaches the database:
 * unknown keys, mutations without the admin key, rate limits, depth and
 * complexity limits. Adds `extensions.sqlQueries` when asked to.
 */
export function securityPlugin(options: SecurityOptions): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, request, schema }) {
          const retryAfter = options.limiter.take(contextValue.caller);
          if (retryAfter > 0) {
            throw fail(`rate limit exceeded: retry after ${retryAfter} s`, 'RATE_LIMITED', 429, {
              retryAfter,
            });
          }
          if (contextValue.role === 'invalid')
            throw fail('unknown API key', 'UNAUTHENTICATED', 401);
          if (operation?.operation === 'mutation' && contextValue.role !== 'admin') {
            throw fail('mutations need an admin API key', 'FORBIDDEN', 403);
          }
          if (options.requireReadKey && contextValue.role === 'anonymous') {
            throw fail('an API key is required', 'UNAUTHENTICATED', 401);
          }
          const depth = queryDepth(document, request.operationName);
          if (depth > options.maxDepth) {
            throw fail(
              `query depth ${depth} exceeds the limit of ${options.maxDepth}`,
              'QUERY_TOO_DEEP',
              400,
            );
          }
          const complexity = queryComplexity(
            schema,
            document,
            request.operationName,
            request.variables,
          );
          if (complexity > options.maxComplexity) {
            throw fail(
              `query complexity ${complexity} exceeds the limit of ${options.maxComplexity}`,
              'QUERY_TOO_COMPLEX',
              400,
            );
          }
        },
        async willSendResponse({ response }) {
          const scope = sqlQueryCounter.getStore();
          if (options.exposeQueryCount && scope && response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              sqlQueries: scope.count,
            };
          }
        },
      };
    },
  };
}
