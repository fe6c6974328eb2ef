import { Module } from '@nestjs/common';
import { FeedsService } from './feeds.service';

/** Needs a global `DbModule`. */
@Module({ providers: [FeedsService], exports: [FeedsService] })
export class FeedRegistryModule {}
