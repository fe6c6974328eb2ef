import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { repoRoot } from './paths';

/** Runs tools/kafka/kafka.sh (fetch from Maven Central once, format, start, stop). */
export function localKafka(
  command: 'start' | 'stop' | 'status',
  env: NodeJS.ProcessEnv = {},
): number {
  const script = join(repoRoot(), 'tools/kafka/kafka.sh');
  const result = spawnSync('bash', [script, command], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/**
 * Starts the project's broker unless one is already running; returns whether this
 * call started it (and so whether the caller should stop it again).
 */
export function startLocalKafkaIfNeeded(env: NodeJS.ProcessEnv = {}): boolean {
  if (localKafka('status', env) === 0) return false;
  if (localKafka('start', env) !== 0)
    throw new Error('the local Kafka broker did not start (see .local/kafka/logs)');
  return true;
}

/** Resolves once the cluster answers a metadata request. */
export async function waitForKafka(kafka: Kafka, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      await admin.disconnect();
      return;
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`Kafka is not reachable: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
