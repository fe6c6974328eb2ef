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
  /**
   * Name statements so each connection parses and plans a statement once, not per
   * execution (see `statementNames`). For read paths with a fixed set of statements.
   */
  preparedStatements?: boolean;
  /**
   * Postgres cancels a statement that runs longer (error 57014, which the
   * consumers retry): a write stuck behind a lock or a lost connection is
   * retried, not waited for without end.
   */
  statementTimeoutMs?: number;
}

/**
 * Names for node-postgres's per-connection statement cache: the same text always
 * gets the same name, so Postgres parses it once per connection and, after five
 * runs, may keep a generic plan (planning was up to 1.3 ms of a 3 ms query).
 * Full-text searches (`@@`) stay unnamed: their plan depends on the words (a rare
 * word wants the GIN index, a common one the time index). At most `limit` texts
 * are named (each is kept by every connection and its backend); any further text
 * runs unnamed, as without this.
 */
export function statementNames(limit = 500): (query: { sql: string }) => string | undefined {
  const names = new Map<string, string>();
  return ({ sql }) => {
    if (sql.includes('@@')) return undefined;
    const known = names.get(sql);
    if (known !== undefined || names.size >= limit) return known;
    const name = `ng${names.size}`;
    names.set(sql, name);
    return name;
  };
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
      adapter: new PrismaPg(
        {
          connectionString: databaseUrl,
          max: options?.poolSize ?? 10,
          ...(options?.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
        },
        // The adapter passes the name on to node-postgres, where undefined means unnamed.
        options?.preparedStatements
          ? { statementNameGenerator: statementNames() as (query: { sql: string }) => string }
          : {},
      ),
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
