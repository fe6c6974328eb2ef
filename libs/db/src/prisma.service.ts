import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { sqlQueryCounter } from './sql-counter';

export const DATABASE_URL = Symbol('DATABASE_URL');
export const DB_OPTIONS = Symbol('DB_OPTIONS');

export interface DbOptions {
  /** Count statements per `sqlQueryCounter` scope (costs a log event per query). */
  countQueries?: boolean;
  poolSize?: number;
}

/** The one Prisma client of a service, over node-postgres (no engine binary). */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);

  constructor(
    @Inject(DATABASE_URL) databaseUrl: string,
    @Optional() @Inject(DB_OPTIONS) options?: DbOptions,
  ) {
    super({
      adapter: new PrismaPg({ connectionString: databaseUrl, max: options?.poolSize ?? 10 }),
      log: options?.countQueries ? [{ emit: 'event', level: 'query' }] : [],
    });
    if (options?.countQueries) {
      (this as unknown as { $on(event: 'query', cb: () => void): void }).$on('query', () => {
        const scope = sqlQueryCounter.getStore();
        if (scope) scope.count++;
      });
    }
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
    this.logger.log('connected to Postgres');
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
