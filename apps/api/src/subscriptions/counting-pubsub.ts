import { PubSub } from 'graphql-subscriptions';

/**
 * A PubSub that knows whether a trigger has subscribers, so the listener reads a
 * projection notice's rows only when someone will receive them (during ingestion
 * that read cost the api ~7% of a core with no subscriber at all).
 */
export class CountingPubSub extends PubSub {
  private readonly triggers = new Map<number, string>();
  private readonly counts = new Map<string, number>();

  override async subscribe(
    triggerName: string,
    onMessage: (...args: unknown[]) => void,
  ): Promise<number> {
    const id = await super.subscribe(triggerName, onMessage);
    this.triggers.set(id, triggerName);
    this.counts.set(triggerName, (this.counts.get(triggerName) ?? 0) + 1);
    return id;
  }

  override unsubscribe(subId: number): void {
    const trigger = this.triggers.get(subId);
    if (trigger !== undefined) {
      this.triggers.delete(subId);
      this.counts.set(trigger, (this.counts.get(trigger) ?? 1) - 1);
    }
    super.unsubscribe(subId);
  }

  hasSubscribers(triggerName: string): boolean {
    return (this.counts.get(triggerName) ?? 0) > 0;
  }
}
