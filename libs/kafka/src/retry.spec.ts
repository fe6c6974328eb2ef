import { backoffDelay, isTransientError } from './retry';

describe('backoffDelay', () => {
  const policy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 1000 };
  it('grows exponentially within jitter bounds and is capped', () => {
    expect(backoffDelay(policy, 0, () => 0)).toBe(50);
    expect(backoffDelay(policy, 0, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(800);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000);
  });
});

describe('isTransientError', () => {
  it('recognises absent dependencies, not bad data', () => {
    expect(isTransientError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isTransientError(Object.assign(new Error('admin shutdown'), { code: '57P01' }))).toBe(
      true,
    );
    expect(
      isTransientError(new Error('x', { cause: Object.assign(new Error('y'), { code: 'P1001' }) })),
    ).toBe(true);
    expect(isTransientError(Object.assign(new Error('unique violation'), { code: '23505' }))).toBe(
      false,
    );
    expect(isTransientError(new TypeError('cannot read x of undefined'))).toBe(false);
  });

  it('retries what concurrent writers and slow transactions cause', () => {
    for (const code of ['40P01', '40001', '57014', 'P2034', 'P2028']) {
      expect(isTransientError(Object.assign(new Error(code), { code }))).toBe(true);
    }
  });

  it("reads the driver's code out of Prisma's raw query error (P2010)", () => {
    // The shape @prisma/client 7 throws for a failed $executeRaw over the pg adapter.
    const raw = (originalCode: string) =>
      Object.assign(new Error('Raw query failed'), {
        code: 'P2010',
        meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode } } },
      });
    expect(isTransientError(raw('40P01'))).toBe(true);
    expect(isTransientError(raw('57014'))).toBe(true);
    expect(isTransientError(raw('23505'))).toBe(false);
    expect(isTransientError(raw('22P02'))).toBe(false);
  });

  it("retries node-postgres's connection losses, which carry no code", () => {
    // The messages pg 8 and pg-pool reject a query with (pg/lib/client.js, pg-pool).
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated',
      'Connection terminated due to connection timeout',
      'Client has encountered a connection error and is not queryable',
      'timeout exceeded when trying to connect',
    ]) {
      expect(isTransientError(new Error(message))).toBe(true);
    }
    expect(isTransientError(new Error('Connection terminated by the user, who said so'))).toBe(
      false,
    );
  });
});
