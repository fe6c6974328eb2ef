import { Module } from '@nestjs/common';
import { FeedRegistryModule } from '@newsgraph/feed-registry';
import { AdminGuard } from './admin.guard';
import { FeedsResolver } from './feeds.resolver';

/** Feed administration over GraphQL. Needs the global `DbModule`. */
@Module({ imports: [FeedRegistryModule], providers: [FeedsResolver, AdminGuard] })
export class FeedsApiModule {}
