import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@newsgraph/config';
import { bootstrapService, runService } from '@newsgraph/runtime';
import { AppModule } from './app.module';
import { IngesterConfig } from './config';

runService(async () => {
  const config = loadConfig(IngesterConfig);
  await bootstrapService({
    name: 'ingester',
    module: AppModule.forConfig(config),
    port: config.INGESTER_PORT,
    host: config.INGESTER_HOST,
    logLevel: config.LOG_LEVEL,
    // Batches of articles exceed Express's 100 kB default; larger bodies get 413.
    configure: (app) =>
      void (app as NestExpressApplication).useBodyParser('json', {
        limit: config.PUSH_MAX_BODY_BYTES,
      }),
  });
});
