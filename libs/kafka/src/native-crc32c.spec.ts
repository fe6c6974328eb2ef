import { randomBytes } from 'node:crypto';
import { nativeCrc32c } from './native-crc32c';

// kafkajs's own JavaScript CRC-32C, which the native one replaces.
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as (b: Buffer) => number;

describe('native CRC-32C', () => {
  it('gives the standard check value', () => {
    expect(nativeCrc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it("equals kafkajs's checksum, unsigned, for buffers of every shape", () => {
    for (const size of [0, 1, 7, 8, 63, 64, 65, 4096, 100_003]) {
      const buffer = randomBytes(size);
      const crc = nativeCrc32c(buffer);
      expect(crc).toBe(kafkajsCrc32c(buffer));
      expect(crc).toBeGreaterThanOrEqual(0);
    }
  });
});
