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
        // A batch is one statement (libs/projection): one that cannot finish in a
        // minute is cancelled and retried, as Prisma's transaction timeout did.
        DbModule.forRoot(config.DATABASE_URL, { statementTimeoutMs: 60_000 }),
        ProjectionModule.withWriters(config.PROJECTOR_WRITERS),
      ],
      controllers: [ProjectorController],
    };
  }
}
