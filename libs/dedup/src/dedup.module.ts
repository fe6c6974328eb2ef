import { Module, type DynamicModule } from '@nestjs/common';
import { DEDUP_SETTINGS, DedupService, type DedupSettings } from './dedup.service';
import { ExactClaimsRepository } from './exact-claims.repository';
import { SnapshotRepository } from './snapshot.repository';

/** Needs a global `DbModule`. */
@Module({})
export class DedupModule {
  static forRoot(settings: DedupSettings): DynamicModule {
    return {
      module: DedupModule,
      providers: [
        { provide: DEDUP_SETTINGS, useValue: settings },
        ExactClaimsRepository,
        SnapshotRepository,
        DedupService,
      ],
      exports: [DedupService],
    };
  }
}
