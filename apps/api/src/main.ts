import { loadConfig } from '@newsgraph/config';
import type { FastifyInstance } from 'fastify';
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
    http: 'fastify',
    configure: (app) => {
      // A counting scope per HTTP request (read by the security hooks). preHandler:
      // after the body is parsed, so the handler runs inside the scope.
      if (config.API_EXPOSE_QUERY_COUNT)
        (app.getHttpAdapter().getInstance() as FastifyInstance).addHook(
          'preHandler',
          (_request, _reply, done) => sqlQueryCounter.run({ count: 0 }, done),
        );
    },
  });
});
