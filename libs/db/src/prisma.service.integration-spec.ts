import { Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DbModule } from './db.module';
import { PrismaService } from './prisma.service';

/**
 * Stands where a Kafka consumer finishes its last batch: Nest stops microservices
 * after the destroy hooks and before the shutdown hooks, as this hook runs.
 */
@Injectable()
class LastBatch implements BeforeApplicationShutdown {
  outcome: unknown;
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  async beforeApplicationShutdown(): Promise<void> {
    try {
      await this.prisma.execute('ng_last_batch', 'SELECT $1::int', [1]);
      this.outcome = 'written';
    } catch (error) {
      this.outcome = error;
    }
  }
}

describe('PrismaService (real Postgres)', () => {
  it('still writes while the app stops its consumers, and closes after', async () => {
    @Module({ imports: [DbModule.forRoot(process.env.DATABASE_URL!)], providers: [LastBatch] })
    class App {}
    const app = await NestFactory.createApplicationContext(App, { logger: false });
    const prisma = app.get(PrismaService);
    const lastBatch = app.get(LastBatch);
    await prisma.execute('ng_first', 'SELECT 1', []);
    await app.close();
    expect(lastBatch.outcome).toBe('written');
    await expect(prisma.execute('ng_after', 'SELECT 1', [])).rejects.toThrow(/end on the pool/);
  });
});
