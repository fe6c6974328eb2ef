import { CoalescingWriter } from './coalescing-writer';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('CoalescingWriter', () => {
  it('merges the batches that arrive during a write into the next write', async () => {
    const writes: number[][] = [];
    const writer = new CoalescingWriter<number>(async (items) => {
      writes.push(items);
      await tick();
    });
    await Promise.all([
      writer.submit([1]),
      writer.submit([2, 3]),
      writer.submit([4]),
      writer.submit([5]),
    ]);
    expect(writes).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('runs up to `writers` writes at once, merging what queues behind them', async () => {
    const writes: number[][] = [];
    let running = 0;
    let most = 0;
    const writer = new CoalescingWriter<number>(
      async (items) => {
        writes.push(items);
        most = Math.max(most, ++running);
        await tick();
        running--;
      },
      100,
      () => false,
      2,
    );
    await Promise.all([1, 2, 3, 4, 5].map((n) => writer.submit([n])));
    expect(most).toBe(2);
    expect(writes).toEqual([[1], [2], [3, 4, 5]]);
  });

  it('keeps a merged write under its size limit', async () => {
    const writes: number[][] = [];
    const writer = new CoalescingWriter<number>(async (items) => {
      writes.push(items);
      await tick();
    }, 3);
    await Promise.all([
      writer.submit([0]),
      writer.submit([1, 2]),
      writer.submit([3, 4]),
      writer.submit([5]),
    ]);
    expect(writes).toEqual([[0], [1, 2], [3, 4, 5]]);
  });

  it('fails only the batch holding a poison item, not the others it was merged with', async () => {
    const writer = new CoalescingWriter<number>(
      async (items) => {
        await tick();
        if (items.includes(-1)) throw new Error('cannot apply -1');
      },
      100,
      () => false,
    );
    const results = await Promise.allSettled([
      writer.submit([1]),
      writer.submit([2]),
      writer.submit([-1, 3]),
      writer.submit([4]),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
  });

  it('fails every merged batch on a transient error, so each is retried', async () => {
    let calls = 0;
    const writer = new CoalescingWriter<number>(
      async () => {
        calls++;
        await tick();
        if (calls === 2) throw new Error('database away');
      },
      100,
      () => true,
    );
    const results = await Promise.allSettled([
      writer.submit([1]),
      writer.submit([2]),
      writer.submit([3]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(calls).toBe(2);
  });
});
