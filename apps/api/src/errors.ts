import type { GraphQLFormattedError } from 'graphql';

/**
 * Our own validation errors become BAD_USER_INPUT with the argument named;
 * anything unexpected is reported without internals.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError;
  if (original instanceof Error && original.name === 'InvalidQueryError') {
    const argument = (original as Error & { argument?: string }).argument;
    return {
      ...formatted,
      message: original.message,
      extensions: { code: 'BAD_USER_INPUT', argument },
    };
  }
  const code = formatted.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
  return {
    message: formatted.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code },
  };
}
