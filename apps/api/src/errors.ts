import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

const logger = new Logger('graphql');

/** The status and body of a response with errors (mercurius's `errorFormatter`). */
export interface FormattedErrors {
  statusCode: number;
  response: { data?: Record<string, unknown> | null; errors: GraphQLFormattedError[] };
}

/** A request mercurius refused before execution: parse, validation, variables, method. */
interface RequestError extends Error {
  statusCode?: number;
  errors?: unknown[];
}

const asGraphQLError = (e: unknown) =>
  e instanceof GraphQLError ? e : new GraphQLError(String((e as Error)?.message ?? e));

/** The code a refused request's error is reported with (Apollo's codes, kept for clients). */
function requestErrorCode(error: GraphQLError): string {
  if (error.message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  if (error.message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
  return 'GRAPHQL_VALIDATION_FAILED';
}

/**
 * One error as clients see it: our own validation errors become BAD_USER_INPUT
 * with the argument named; errors with a code keep it; anything unexpected is
 * logged and reported without internals.
 */
export function formatError(error: GraphQLError): GraphQLFormattedError {
  const original = error.originalError;
  if (original instanceof Error && original.name === 'InvalidQueryError') {
    const argument = (original as Error & { argument?: string }).argument;
    return {
      message: original.message,
      locations: error.locations,
      path: error.path,
      extensions: { code: 'BAD_USER_INPUT', argument },
    };
  }
  const code = error.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    return {
      message: error.message,
      locations: error.locations,
      path: error.path,
      extensions: { code },
    };
  }
  logger.error(
    `${error.message}${error.path ? ` at ${error.path.join('.')}` : ''}`,
    original?.stack,
  );
  return {
    message: 'Internal server error',
    path: error.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * The response for a request with errors. Once resolvers ran (`data` is present)
 * it is 200, as GraphQL over HTTP asks. A request refused before execution gets
 * the status of its first error: ours carry `extensions.http.status` (401, 403,
 * 429, 400), mercurius's a `statusCode` (400 for invalid documents and variables).
 */
export function errorFormatter(execution: {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLError[];
}): FormattedErrors {
  const all = execution.errors ?? [];
  if (execution.data !== undefined) {
    return { statusCode: 200, response: { data: execution.data, errors: all.map(formatError) } };
  }
  let statusCode = 500;
  const errors = all.flatMap((error): GraphQLFormattedError[] => {
    const refused = error.originalError as RequestError | undefined;
    if (Array.isArray(refused?.errors)) {
      statusCode = refused.statusCode ?? 400;
      return refused.errors.map(asGraphQLError).map((e) => ({
        message: e.message,
        locations: e.locations,
        extensions: { code: requestErrorCode(e) },
      }));
    }
    const http = error.extensions?.http as { status?: number } | undefined;
    if (http?.status) statusCode = http.status;
    else if (refused?.statusCode && refused.statusCode < 500) {
      // Fastify's and mercurius's own refusals (no query, GET mutation, ...).
      statusCode = refused.statusCode;
      return [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }];
    }
    return [formatError(error)];
  });
  return { statusCode, response: { errors } };
}
