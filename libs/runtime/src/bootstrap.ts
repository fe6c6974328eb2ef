import 'reflect-metadata';
import {
  ConsoleLogger,
  Logger,
  Module,
  type DynamicModule,
  type INestApplication,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@newsgraph/config';
import { KafkaBatchServer, type KafkaBatchServerOptions } from '@newsgraph/kafka';
import { HealthController, Readiness } from './health.controller';

@Module({ controllers: [HealthController], providers: [Readiness], exports: [Readiness] })
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
  /** Extra setup before listening (e.g. GraphQL-specific middleware). */
  configure?: (app: INestApplication) => void | Promise<void>;
}

const levels = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
} as const;

/**
 * Starts a newsgraph service: JSON logs, health endpoints, optional Kafka
 * consumers, and a graceful stop on SIGTERM/SIGINT (finish the batch, commit,
 * leave the group, close connections). Prints `{"msg":"ready"}` when serving.
 */
export async function bootstrapService(options: ServiceOptions): Promise<INestApplication> {
  const logger = new ConsoleLogger(options.name, {
    json: true,
    logLevels: [...levels[options.logLevel ?? 'info']],
  });
  @Module({ imports: [HealthModule, options.module] })
  class ServiceRootModule {}

  const app = await NestFactory.create(ServiceRootModule, { logger, bufferLogs: true });
  app.enableShutdownHooks();
  if (options.kafka) {
    app.connectMicroservice(
      { strategy: new KafkaBatchServer(options.kafka) },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await options.configure?.(app);
  await app.listen(options.port, options.host ?? '127.0.0.1');
  app.get(Readiness).markReady();
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
