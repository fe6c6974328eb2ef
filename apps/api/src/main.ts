import { loadConfig } from '@newsgraph/config';
import { sqlQueryCounter } from '@newsgraph/db';
import { bootstrapService, runService } from '@newsgraph/runtime';
import { AppModule } from './app.module';
import { ApiConfig } from './config';

runService(async () => {
  const config = loadConfig(ApiConfig);
  await bootstrapService({
    name: 'api',
    module: AppModule.forConfig(config),
    port: config.API_PORT,
    host: config.API_HOST,
    logLevel: config.LOG_LEVEL,
    configure: (app) => {
      // A counting scope per HTTP request (read by the GraphQL plugin).
      if (config.API_EXPOSE_QUERY_COUNT)
        app.use((_req: unknown, _res: unknown, next: () => void) =>
          sqlQueryCounter.run({ count: 0 }, next),
        );
    },
  });
});
