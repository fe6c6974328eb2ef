import { loadConfig } from '@newsgraph/config';
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
  });
});
