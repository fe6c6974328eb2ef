import 'reflect-metadata';
import {
  Logger,
  Module,
  type DynamicModule,
  type INestApplication,
  type Type,
} from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ConfigError } from '@newsgraph/config';
import { PrismaService } from '@newsgraph/db';
import {
  KafkaBatchServer,
  PassThroughRpcErrors,
  type KafkaBatchServerOptions,
} from '@newsgraph/kafka';
import { ContextJsonLogger, initMetrics, initTracing } from '@newsgraph/observability';
import {
  HealthController,
  MetricsController,
  Readiness,
  TracingShutdown,
} from './health.controller';

@Module({
  controllers: [HealthController, MetricsController],
  providers: [Readiness, TracingShutdown],
  exports: [Readiness],
})
class HealthModule {}

export interface ServiceOptions {
  name: string;
  /** The app's root module, or a factory that builds it once config is loaded. */
  module: Type<unknown> | DynamicModule;
  port: number;
  host?: string;
  /** Consume Kafka with the handlers declared by `@EventPattern`. */
  kafka?: KafkaBatchServerOptions;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** The HTTP server: Express (default) or Fastify (the api, for Mercurius). */
  http?: 'express' | 'fastify';
  /** Extra setup before listening (e.g. GraphQL-specific middleware). */
  configure?: (app: INestApplication) => void | Promise<void>;
}

const levels = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
} as const;

/** The service's Prisma client, when its modules include the database. */
function databaseOf(app: INestApplication): PrismaService | undefined {
  // Looked up in the container: `app.get` of a missing provider aborts the process.
  for (const module of app.get(ModulesContainer).values()) {
    // Not `instanceof`: Prisma's constructor returns an object of its own making.
    const instance = module.providers.get(PrismaService)?.instance as PrismaService | undefined;
    if (instance) return instance;
  }
  return undefined;
}

/**
 * Starts a newsgraph service: JSON logs (with the article ids and trace ids of
 * the messages in progress), tracing, `/health/live`, `/health/ready`, `/metrics`,
 * optional Kafka consumers, and a graceful stop on SIGTERM/SIGINT (finish the
 * batch, commit, leave the group, close connections). Logs `ready on <url>` when serving.
 */
export async function bootstrapService(options: ServiceOptions): Promise<INestApplication> {
  // Before any module is built: publishers and consumers pick these up.
  initTracing({ serviceName: options.name });
  initMetrics({ service: options.name });
  const logger = new ContextJsonLogger(options.name, {
    json: true,
    logLevels: [...levels[options.logLevel ?? 'info']],
  });
  @Module({ imports: [HealthModule, options.module] })
  class ServiceRootModule {}

  const app =
    options.http === 'fastify'
      ? await NestFactory.create(ServiceRootModule, new FastifyAdapter(), {
          logger,
          bufferLogs: true,
        })
      : await NestFactory.create(ServiceRootModule, { logger, bufferLogs: true });
  app.enableShutdownHooks();
  const readiness = app.get(Readiness);
  if (options.kafka) {
    const server = new KafkaBatchServer(options.kafka);
    // Its own config, initialised after the filter is in: the filter must reach
    // the Kafka handlers (see PassThroughRpcErrors) and must not reach HTTP routes.
    app
      .connectMicroservice({ strategy: server }, { deferInitialization: true })
      .useGlobalFilters(new PassThroughRpcErrors());
    await app.startAllMicroservices();
    readiness.addCheck('kafka', () => {
      const problem = server.problem;
      if (problem) throw new Error(problem);
    });
  }
  const db = databaseOf(app);
  if (db) readiness.addCheck('database', async () => void (await db.$queryRaw`SELECT 1`));
  await options.configure?.(app);
  await app.listen(options.port, options.host ?? '127.0.0.1');
  readiness.markReady();
  const url = await app.getUrl();
  new Logger(options.name).log(`ready on ${url}`);
  return app;
}

/** Runs `main`, turning a configuration error into a clear message and exit code 78. */
export function runService(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    process.stderr.write(
      `fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
