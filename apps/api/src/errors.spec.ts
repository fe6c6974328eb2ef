import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { errorFormatter, formatError } from './errors';

/** How mercurius hands over a request it refused before execution. */
const refused = (statusCode: number, ...errors: GraphQLError[]) =>
  new GraphQLError('refused', {
    originalError: Object.assign(new Error('refused'), { statusCode, errors }),
  });

describe('errorFormatter', () => {
  it('answers 200 once resolvers ran, masking unexpected errors (logged, not sent)', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const boom = new GraphQLError('relation "x" does not exist', {
      path: ['articles'],
      originalError: new Error('relation "x" does not exist'),
    });
    const { statusCode, response } = errorFormatter({ data: { articles: null }, errors: [boom] });
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining('relation "x" does not exist'),
      expect.any(String),
    );
    logged.mockRestore();
    expect(statusCode).toBe(200);
    expect(response).toEqual({
      data: { articles: null },
      errors: [
        {
          message: 'Internal server error',
          path: ['articles'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
  });

  it('reports invalid documents and variables with 400 and the codes clients know', () => {
    const parse = errorFormatter({
      errors: [refused(400, new GraphQLError('Syntax Error: Expected Name, found <EOF>.'))],
    });
    expect(parse.statusCode).toBe(400);
    expect(parse.response.errors[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = errorFormatter({
      errors: [refused(400, new GraphQLError('Cannot query field "nope" on type "Query".'))],
    });
    expect(invalid.response.errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const variables = errorFormatter({
      errors: [refused(400, new GraphQLError('Variable "$n" got invalid value "x"'))],
    });
    expect(variables.response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(variables.response).not.toHaveProperty('data');
  });

  it('uses the status our refusals carry, and keeps only their code', () => {
    const limited = new GraphQLError('rate limit exceeded: retry after 3 s', {
      extensions: { code: 'RATE_LIMITED', http: { status: 429 }, retryAfter: 3 },
    });
    expect(errorFormatter({ errors: [limited] })).toEqual({
      statusCode: 429,
      response: {
        errors: [
          { message: 'rate limit exceeded: retry after 3 s', extensions: { code: 'RATE_LIMITED' } },
        ],
      },
    });
  });

  it("passes on Fastify's and mercurius's own 4xx refusals as BAD_REQUEST", () => {
    const error = new GraphQLError('Unknown query', {
      originalError: Object.assign(new Error('Unknown query'), { statusCode: 400 }),
    });
    const { statusCode, response } = errorFormatter({ errors: [error] });
    expect(statusCode).toBe(400);
    expect(response.errors[0]).toEqual({
      message: 'Unknown query',
      extensions: { code: 'BAD_REQUEST' },
    });
  });
});

describe('formatError', () => {
  it('names the argument of our own validation errors', () => {
    const invalid = Object.assign(new Error('first: must be at most 100'), {
      name: 'InvalidQueryError',
      argument: 'first',
    });
    const error = new GraphQLError(invalid.message, { path: ['articles'], originalError: invalid });
    expect(formatError(error)).toMatchObject({
      message: 'first: must be at most 100',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
  });
});
