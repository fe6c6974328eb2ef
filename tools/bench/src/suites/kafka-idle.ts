import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * CPU of an idle kafkajs client (admin, producer and consumer connected) with and
 * without libs/kafka's RequestQueue fix, in alternating child processes: kafkajs
 * 2.2.4 re-arms a 1 ms timer per broker connection (libs/kafka/src/request-queue-fix.ts).
 * Needs the broker (bash tools/kafka/kafka.sh start).
 */
export async function kafkaIdleSuite(): Promise<string[]> {
  const client = join(__dirname, '..', 'kafka-idle-client.js');
  const shares: Record<'stock' | 'fixed', number[]> = { stock: [], fixed: [] };
  for (let round = 0; round < 3; round++) {
    for (const mode of ['stock', 'fixed'] as const) {
      const out = execFileSync(process.execPath, ['--no-warnings', client, mode], {
        encoding: 'utf8',
      });
      shares[mode].push((JSON.parse(out.trim()) as { coreShare: number }).coreShare);
    }
  }
  const show = (values: number[]) => values.map((v) => `${(v * 100).toFixed(2)}%`).join(', ');
  return [
    `idle client, share of a core over 10 s, 3 alternating rounds:`,
    `  kafkajs as released: ${show(shares.stock)}`,
    `  with the fix:        ${show(shares.fixed)}`,
  ];
}
