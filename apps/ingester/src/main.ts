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
    logLevel: config.LOG_LEVEL,
  });
});
