import { nativeCrc32c } from '@newsgraph/kafka';
import { prng } from '../measure';
import type { BenchSuite } from './index';

// kafkajs's own JavaScript checksum, which libs/kafka/src/native-crc32c.ts replaces.
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as (b: Buffer) => number;

/**
 * The CRC-32C of produced record batches: kafkajs's JavaScript one against the
 * native one, over batches the size the pipeline produces (100 messages of 5 kB).
 */
export const crc32cSuite: BenchSuite = () => {
  const random = prng(7);
  const batch = Buffer.alloc(500_000);
  for (let i = 0; i < batch.length; i++) batch[i] = Math.floor(random() * 256);
  const rate = (crc: (b: Buffer) => number) => {
    for (let i = 0; i < 20; i++) crc(batch);
    const rounds = 200;
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) crc(batch);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return (rounds * batch.length) / seconds / 1e6;
  };
  const js = rate(kafkajsCrc32c);
  const native = rate(nativeCrc32c);
  const perMessage = (mbPerSecond: number) =>
    `${((5_000 / (mbPerSecond * 1e6)) * 1e6).toFixed(1)} µs`;
  return Promise.resolve([
    `kafkajs (JavaScript): ${js.toFixed(0)} MB/s, ${perMessage(js)} per 5 kB message`,
    `@node-rs/crc32 (native): ${native.toFixed(0)} MB/s, ${perMessage(native)} per 5 kB message`,
  ]);
};
