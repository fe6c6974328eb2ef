import { Module } from '@nestjs/common';
import { ProjectionService } from './projection.service';

/** Needs a global `DbModule`. */
@Module({ providers: [ProjectionService], exports: [ProjectionService] })
export class ProjectionModule {}
