import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { ApiKeys, keyFromConnectionParams, keyFromHeaders } from './api-keys';
import { queryDepth } from './query-depth';
import { RateLimiter } from './rate-limiter';
import { queryComplexity } from './security.hooks';

describe('ApiKeys', () => {
  const keys = new ApiKeys(['read-key-0123456789'], ['admin-key-0123456789']);
  it('maps keys to roles and refuses unknown keys', () => {
    expect(keys.roleOf(undefined)).toBe('anonymous');
    expect(keys.roleOf('read-key-0123456789')).toBe('read');
    expect(keys.roleOf('admin-key-0123456789')).toBe('admin');
    expect(keys.roleOf('admin-key-012345678X')).toBeUndefined();
  });
  it('reads x-api-key or a bearer token', () => {
    expect(keyFromHeaders({ 'x-api-key': 'k1' })).toBe('k1');
    expect(keyFromHeaders({ authorization: 'Bearer k2' })).toBe('k2');
    expect(keyFromHeaders({ authorization: 'Basic x' })).toBeUndefined();
  });
  it('reads graphql-ws connection parameters: apiKey, or headers as GraphiQL sends them', () => {
    expect(keyFromConnectionParams({ apiKey: 'k1', 'x-api-key': 'k2' })).toBe('k1');
    expect(keyFromConnectionParams({ 'X-API-Key': 'k2' })).toBe('k2');
    expect(keyFromConnectionParams({ Authorization: 'Bearer k3' })).toBe('k3');
    expect(keyFromConnectionParams({ 'x-api-key': '', apiKey: 7 })).toBeUndefined();
    expect(keyFromConnectionParams(undefined)).toBeUndefined();
  });
});

describe('RateLimiter', () => {
  it('allows the per-minute budget, then asks to wait, then refills', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(20);
    expect(limiter.take('b')).toBe(0);
    now += 20_000;
    expect(limiter.take('a')).toBe(0);
  });
});

describe('queryDepth', () => {
  it('counts nested fields through fragments', () => {
    expect(queryDepth(parse('{ a { b { c } } d }'))).toBe(3);
    expect(queryDepth(parse('query Q { a { ...F } } fragment F on X { b { c { d } } }'))).toBe(4);
    expect(queryDepth(parse('{ a { ...F } } fragment F on X { b { ...F } }'))).toBe(2);
    expect(queryDepth(parse('{ __schema { types { name } } a }'))).toBe(1);
  });
});

describe('queryComplexity', () => {
  const schema = buildSchema(`
    type Query { items(first: Int): ItemConnection! }
    type ItemConnection { edges: [Edge!]! }
    type Edge { node: Item! }
    type Item { id: ID! tags: [String!]! }
  `);
  it('multiplies lists by their page size', () => {
    expect(queryComplexity(schema, parse('{ items(first: 5) { edges { node { id } } } }'))).toBe(
      1 + 5 * (1 + 10 * (1 + 1)),
    );
  });
  it('counts introspection (as GraphiQL sends it) as one field, not by list sizes', () => {
    const query = getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true });
    expect(queryComplexity(schema, parse(query), 'IntrospectionQuery')).toBe(1);
    expect(queryComplexity(schema, parse('{ __type(name: "Item") { fields { name } } }'))).toBe(1);
  });
});
