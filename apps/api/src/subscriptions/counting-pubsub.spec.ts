import { CountingPubSub } from './counting-pubsub';

describe('CountingPubSub', () => {
  it('knows whether a trigger has subscribers, through iterators opened and closed', async () => {
    const pubsub = new CountingPubSub();
    expect(pubsub.hasSubscribers('a')).toBe(false);
    const first = pubsub.asyncIterableIterator<{ n: number }>('a');
    const second = pubsub.asyncIterableIterator<{ n: number }>('a');
    const next = first.next();
    void second.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pubsub.hasSubscribers('a')).toBe(true);
    expect(pubsub.hasSubscribers('b')).toBe(false);
    await pubsub.publish('a', { n: 1 });
    expect(await next).toEqual({ value: { n: 1 }, done: false });
    await first.return!();
    expect(pubsub.hasSubscribers('a')).toBe(true);
    await second.return!();
    expect(pubsub.hasSubscribers('a')).toBe(false);
  });
});
