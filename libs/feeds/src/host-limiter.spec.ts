import { HostLimiter } from './host-limiter';

describe('HostLimiter', () => {
  it('holds to the overall and per-host limits, and lets other hosts past a busy one', async () => {
    const limiter = new HostLimiter(3, 2);
    const active = new Map<string, number>();
    const most = new Map<string, number>();
    let total = 0;
    let mostTotal = 0;
    const order: string[] = [];
    const task = (host: string, name: string) =>
      limiter.run(host, async () => {
        order.push(name);
        total++;
        active.set(host, (active.get(host) ?? 0) + 1);
        mostTotal = Math.max(mostTotal, total);
        most.set(host, Math.max(most.get(host) ?? 0, active.get(host)!));
        await new Promise((r) => setTimeout(r, 5));
        active.set(host, active.get(host)! - 1);
        total--;
        return name;
      });
    const names = await Promise.all([
      task('a', 'a1'),
      task('a', 'a2'),
      task('a', 'a3'),
      task('a', 'a4'),
      task('b', 'b1'),
      task('c', 'c1'),
    ]);
    expect(names).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'c1']);
    expect(most.get('a')).toBe(2);
    expect(mostTotal).toBe(3);
    // b1 started while a3 and a4 waited for a slot of host a.
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('a3'));
    expect(limiter.pending).toEqual({ active: 0, queued: 0 });
  });

  it('frees the slot of a task that throws', async () => {
    const limiter = new HostLimiter(1, 1);
    await expect(limiter.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(limiter.run('a', async () => 'next')).resolves.toBe('next');
  });
});
