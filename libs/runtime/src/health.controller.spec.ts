import { HealthController, Readiness } from './health.controller';

describe('readiness', () => {
  it('is not ready before the service has started, whatever the checks say', async () => {
    const readiness = new Readiness();
    readiness.addCheck('kafka', () => undefined);
    expect(await readiness.evaluate()).toEqual({ ready: false, checks: { kafka: 'ok' } });
    readiness.markReady();
    expect(await readiness.evaluate()).toEqual({ ready: true, checks: { kafka: 'ok' } });
  });

  it('names every failing check and its reason', async () => {
    const readiness = new Readiness();
    readiness.markReady();
    readiness.addCheck('kafka', () => {
      throw new Error('crashed: broker gone');
    });
    readiness.addCheck('database', () => Promise.reject(new Error('ECONNREFUSED')));
    readiness.addCheck('cache', async () => undefined);
    expect(await readiness.evaluate()).toEqual({
      ready: false,
      checks: { kafka: 'crashed: broker gone', database: 'ECONNREFUSED', cache: 'ok' },
    });
  });

  it('answers 503 with the reasons while not ready', async () => {
    const readiness = new Readiness();
    readiness.addCheck('database', () => Promise.reject(new Error('down')));
    const controller = new HealthController(readiness);
    await expect(controller.ready()).rejects.toMatchObject({
      status: 503,
      response: { status: 'starting', checks: { database: 'down' } },
    });
    readiness.markReady();
    await expect(controller.ready()).rejects.toMatchObject({
      response: { status: 'unavailable' },
    });
  });

  it('gives up on a check that does not answer', async () => {
    jest.useFakeTimers();
    try {
      const readiness = new Readiness();
      readiness.markReady();
      readiness.addCheck('database', () => new Promise<void>(() => undefined));
      const result = readiness.evaluate();
      await jest.advanceTimersByTimeAsync(2_000);
      expect(await result).toEqual({
        ready: false,
        checks: { database: 'no answer in 2000 ms' },
      });
    } finally {
      jest.useRealTimers();
    }
  });
});
