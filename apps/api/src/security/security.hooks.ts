import { sqlQueryCounter } from '@newsgraph/db';
import { getOperationAST, GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { MercuriusContext, onResolutionHookHandler, preExecutionHookHandler } from 'mercurius';
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

/** The operation a request names (POST body or GET query string), if any. */
function operationNameOf(context: MercuriusContext): string | undefined {
  const request = context.reply?.request;
  for (const source of [request?.body, request?.query]) {
    const name = (source as { operationName?: unknown } | undefined)?.operationName;
    if (typeof name === 'string' && name) return name;
  }
  return undefined;
}

/**
 * Mercurius hooks. `preExecution` runs after parsing and validation and before
 * any resolver, so a refused request never reaches the database: unknown keys,
 * mutations without the admin key, rate limits, depth and complexity limits.
 * `onResolution` adds `extensions.sqlQueries` when asked to.
 */
export function securityHooks(options: SecurityOptions): {
  preExecution: preExecutionHookHandler<MercuriusContext>;
  onResolution: onResolutionHookHandler;
} {
  return {
    preExecution: async (schema, document, mercuriusContext, variables) => {
      // Our context function built it (app.module.ts); mercurius added its own fields.
      const context = mercuriusContext as MercuriusContext & GqlContext;
      const retryAfter = options.limiter.take(context.caller);
      if (retryAfter > 0) {
        throw fail(`rate limit exceeded: retry after ${retryAfter} s`, 'RATE_LIMITED', 429, {
          retryAfter,
        });
      }
      if (context.role === 'invalid') throw fail('unknown API key', 'UNAUTHENTICATED', 401);
      const operationName = operationNameOf(mercuriusContext);
      const operation = getOperationAST(document, operationName);
      if (operation?.operation === 'mutation' && context.role !== 'admin') {
        throw fail('mutations need an admin API key', 'FORBIDDEN', 403);
      }
      if (options.requireReadKey && context.role === 'anonymous') {
        throw fail('an API key is required', 'UNAUTHENTICATED', 401);
      }
      const depth = queryDepth(document, operationName);
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
        operationName,
        variables as Record<string, unknown> | undefined,
      );
      if (complexity > options.maxComplexity) {
        throw fail(
          `query complexity ${complexity} exceeds the limit of ${options.maxComplexity}`,
          'QUERY_TOO_COMPLEX',
          400,
        );
      }
    },
    onResolution: async (execution) => {
      const scope = sqlQueryCounter.getStore();
      if (options.exposeQueryCount && scope) {
        execution.extensions = { ...execution.extensions, sqlQueries: scope.count };
      }
    },
  };
}
