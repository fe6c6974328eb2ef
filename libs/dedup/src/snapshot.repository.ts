import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '@newsgraph/db';

const pack = promisify(gzip);
const unpack = promisify(gunzip);

export interface Snapshot {
  lastOffset: number;
  state: Buffer;
}

/**
 * The deduplicator's state snapshots in Postgres, one per sequence topic.
 * Compressed (the index's preallocated arrays are mostly zeros until it
 * fills), and only ever replaced by a later offset, so an instance that lost
 * its partition cannot overwrite its successor's newer state.
 */
@Injectable()
export class SnapshotRepository {
  constructor(private readonly prisma: PrismaService) {}

  async load(topic: string): Promise<Snapshot | null> {
    const rows = await this.prisma.$queryRaw<{ last_offset: bigint; state: Uint8Array }[]>`
      SELECT last_offset, state FROM dedup_snapshots WHERE topic = ${topic}`;
    const row = rows[0];
    if (!row) return null;
    return { lastOffset: Number(row.last_offset), state: await unpack(row.state) };
  }

  /** Saves the state; false when a snapshot at or after this offset is already there. */
  async save(topic: string, snapshot: Snapshot): Promise<boolean> {
    const state = await pack(snapshot.state, { level: 1 });
    const written = await this.prisma.$executeRaw`
      INSERT INTO dedup_snapshots (topic, last_offset, state, taken_at)
      VALUES (${topic}, ${BigInt(snapshot.lastOffset)}, ${state}, now())
      ON CONFLICT (topic) DO UPDATE SET last_offset = EXCLUDED.last_offset, state = EXCLUDED.state,
                                        taken_at = EXCLUDED.taken_at
      WHERE dedup_snapshots.last_offset < EXCLUDED.last_offset`;
    return written > 0;
  }
}
