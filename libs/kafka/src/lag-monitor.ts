import { Logger } from '@nestjs/common';
import { partitionLags, recordLag } from '@newsgraph/observability';
import type { Admin, Kafka } from 'kafkajs';

export interface LagTarget {
  groupId: string;
  topic: string;
}

/**
 * Samples consumer lag (high watermark minus committed offset, per partition) into
 * the `newsgraph_kafka_consumer_lag` gauge every `intervalMs`: two small admin
 * requests per topic on one kept-open connection, off the message path.
 */
export class LagMonitor {
  private readonly logger = new Logger(LagMonitor.name);
  private admin: Admin | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly targets: readonly LagTarget[],
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer || this.targets.length === 0) return;
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    // Never the reason the process stays up.
    this.timer.unref();
    void this.sample();
  }

  /** One sample now; a sample still running is joined, not doubled. */
  sample(): Promise<void> {
    this.sampling ??= this.measure().finally(() => {
      this.sampling = undefined;
    });
    return this.sampling;
  }

  private async measure(): Promise<void> {
    try {
      if (!this.admin) {
        const admin = this.kafka.admin();
        await admin.connect();
        this.admin = admin;
      }
      for (const { groupId, topic } of this.targets) {
        const ends = await this.admin.fetchTopicOffsets(topic);
        const [committed] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
        recordLag(topic, groupId, partitionLags(ends, committed?.partitions ?? []));
      }
    } catch (error) {
      // The gauge keeps its last values; a fresh connection is tried next time.
      this.logger.debug(`lag not sampled: ${(error as Error).message}`);
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sampling;
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect();
  }
}
