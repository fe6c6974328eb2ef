import { fixKafkajsRequestQueue, requestQueueClass } from './request-queue-fix';

type Queue = ReturnType<typeof requestQueueClass>['prototype'] & { inflight: Map<number, unknown> };

/** kafkajs's own RequestQueue (with the fix installed), not a copy of it. */
function newQueue(): Queue {
  const RequestQueue = requestQueueClass() as unknown as new (options: object) => Queue;
  const quiet = { debug: () => undefined, warn: () => undefined, error: () => undefined };
  return new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    clientId: 'test',
    broker: '127.0.0.1:9092',
    logger: quiet,
  });
}

const waiting = () => ({ send: jest.fn(), expectResponse: true, correlationId: 1 });

describe('kafkajs RequestQueue fix', () => {
  beforeAll(() => expect(fixKafkajsRequestQueue()).toBe(true));
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('leaves no timer running when no request waits (kafkajs re-armed one every 1 ms)', () => {
    const queue = newQueue();
    queue.checkPendingRequests();
    expect(queue.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a waiting request when the client-side throttle ends', () => {
    const queue = newQueue();
    const request = waiting();
    queue.throttledUntil = Date.now() + 50;
    queue.pending.push(request);
    queue.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(49);
    expect(request.send).not.toHaveBeenCalled();
    jest.advanceTimersByTime(2);
    expect(request.send).toHaveBeenCalledTimes(1);
    expect(queue.pending).toHaveLength(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('checks again after 10 ms while requests wait only for an in-flight one', () => {
    const queue = newQueue();
    queue.inflight.set(0, {});
    const request = waiting();
    queue.pending.push(request);
    queue.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(10);
    // Still one in flight: not sent, and checked again later.
    expect(request.send).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(1);
    queue.inflight.clear();
    jest.advanceTimersByTime(10);
    expect(request.send).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
