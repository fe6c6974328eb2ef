import { Module, type DynamicModule } from '@nestjs/common';
import { DbModule } from '@newsgraph/db';
import { ProjectionModule } from '@newsgraph/projection';
import type { ProjectorConfig } from './config';
import { ProjectorController } from './projector.controller';

@Module({})
export class AppModule {
  static forConfig(config: ProjectorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL),
        ProjectionModule.withWriters(config.PROJECTOR_WRITERS),
      ],
      controllers: [ProjectorController],
    };
  }
}
