import { Module, type DynamicModule } from '@nestjs/common';
import { PROJECTION_WRITERS, ProjectionService } from './projection.service';

/** Needs a global `DbModule`. */
@Module({ providers: [ProjectionService], exports: [ProjectionService] })
export class ProjectionModule {
  /** With `writers` article transactions at once (default 1). */
  static withWriters(writers: number): DynamicModule {
    return {
      module: ProjectionModule,
      providers: [ProjectionService, { provide: PROJECTION_WRITERS, useValue: writers }],
      exports: [ProjectionService],
    };
  }
}
