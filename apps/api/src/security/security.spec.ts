import { parse } from 'graphql';
import { ApiKeys, keyFromHeaders } from './api-keys';
import { queryDepth } from './query-depth';
import { RateLimiter } from './rate-limiter';

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
