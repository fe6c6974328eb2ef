import { isTransientError } from '@newsgraph/kafka';

interface Pending<T> {
  items: T[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Merges the batches of partitions consumed at the same time into one write.
 *
 * A projector transaction costs tens of milliseconds whatever its size (a dozen
 * statements, a commit that waits for the disk). Consumed partition by partition,
 * six small transactions ran one after another at 100 articles/s and queued up.
 * Run side by side, they waited on each other's locks on the same stories and
 * entities. Here the batches that arrive while a write runs are merged into the
 * next one, up to `maxItems`. Each caller's promise settles when its own items are
 * committed, so its offsets are committed only then.
 *
 * Up to `writers` writes run at once (default 1). A second one lets Postgres work
 * on a second core while the first commits or while the projector prepares rows;
 * the writes lock shared rows in key order, as concurrent projector instances do.
 *
 * If a merged write fails with an error that is not transient, each batch is
 * written alone: a poison event fails only its own partition's batch, and the
 * others are not dead-lettered for it. Transient errors fail every caller, and
 * each retries.
 */
export class CoalescingWriter<T> {
  private queue: Pending<T>[] = [];
  private active = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxItems = 2000,
    private readonly isTransient: (error: unknown) => boolean = isTransientError,
    private readonly writers = 1,
  ) {}

  submit(items: T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.pump();
    });
  }

  /** Starts writes while a writer is free: each takes what has queued, up to maxItems. */
  private pump(): void {
    while (this.active < this.writers && this.queue.length > 0) {
      const group: Pending<T>[] = [this.queue.shift()!];
      let size = group[0]!.items.length;
      while (this.queue.length > 0 && size + this.queue[0]!.items.length <= this.maxItems) {
        const next = this.queue.shift()!;
        size += next.items.length;
        group.push(next);
      }
      this.active++;
      void this.writeGroup(group).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async writeGroup(group: Pending<T>[]): Promise<void> {
    try {
      await this.write(group.flatMap((p) => p.items));
      for (const p of group) p.resolve();
      return;
    } catch (error) {
      if (group.length === 1 || this.isTransient(error)) {
        for (const p of group) p.reject(error);
        return;
      }
    }
    for (const p of group) {
      try {
        await this.write(p.items);
        p.resolve();
      } catch (error) {
        p.reject(error);
      }
    }
  }
}
