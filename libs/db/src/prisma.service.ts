import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
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
export class PrismaService extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PrismaService.name);
  /** The adapter's pool, shared with `execute`. */
  private readonly pool: Pool;
  private readonly countQueries: boolean;

  constructor(
    @Inject(DATABASE_URL) databaseUrl: string,
    @Optional() @Inject(DB_OPTIONS) options?: DbOptions,
  ) {
    const pool = new Pool({
      connectionString: databaseUrl,
      max: options?.poolSize ?? 10,
      ...(options?.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    });
    super({
      adapter: new PrismaPg(pool, {
        // $disconnect ends it, as it ends a pool the adapter made itself.
        disposeExternalPool: true,
        // The adapter passes the name on to node-postgres, where undefined means unnamed.
        ...(options?.preparedStatements
          ? { statementNameGenerator: statementNames() as (query: { sql: string }) => string }
          : {}),
      }),
      log: options?.countQueries ? [{ emit: 'event', level: 'query' }] : [],
    });
    this.pool = pool;
    // A connection that drops while idle (Postgres restarting) is only logged:
    // the pool replaces it, and a statement that was using it fails and is retried.
    pool.on('error', (error) =>
      this.logger.warn(`idle Postgres connection lost: ${error.message}`),
    );
    this.countQueries = options?.countQueries ?? false;
    if (options?.countQueries) {
      (this as unknown as { $on(event: 'query', cb: () => void): void }).$on('query', () => {
        const scope = sqlQueryCounter.getStore();
        if (scope) scope.count++;
      });
    }
  }

  /**
   * Runs one named statement on the adapter's pool, bypassing Prisma. For write
   * paths whose arguments are large arrays: Prisma JSON-encodes every raw query
   * parameter and decodes it again before node-postgres sees it, which was 11%
   * of the projector's CPU (libs/projection/README.md). The name makes each
   * connection parse the statement once. Counted like Prisma's statements.
   */
  async execute(name: string, text: string, values: unknown[]): Promise<void> {
    if (this.countQueries) {
      const scope = sqlQueryCounter.getStore();
      if (scope) scope.count++;
    }
    await this.pool.query({ name, text, values });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
    this.logger.log('connected to Postgres');
  }

  /**
   * On shutdown, not on module destroy: Nest stops the Kafka consumers between
   * the two, and a batch they are finishing still writes. The pool, once ended,
   * does not reconnect as Prisma would, so the batch would fail.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    // Still open when only `execute` used it (Prisma never connected).
    if (!this.pool.ended) await this.pool.end();
  }
}
