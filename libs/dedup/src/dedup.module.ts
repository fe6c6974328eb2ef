import { Module } from '@nestjs/common';
import { DedupService } from './dedup.service';
import { ExactClaimsRepository } from './exact-claims.repository';

/** Needs a global `DbModule`. */
@Module({ providers: [ExactClaimsRepository, DedupService], exports: [DedupService] })
export class DedupModule {}
