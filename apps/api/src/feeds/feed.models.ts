import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum FeedStatusGql {
  active = 'active',
  paused = 'paused',
  error = 'error',
}
registerEnumType(FeedStatusGql, {
  name: 'FeedStatus',
  description: '`error`: the last poll failed (it is retried with backoff); `paused`: not polled.',
});

@ObjectType('Feed')
export class FeedModel {
  @Field(() => ID, { description: 'Also the source id of its articles.' }) id!: string;
  @Field() url!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => FeedStatusGql) status!: FeedStatusGql;
  @Field() nextPollAt!: Date;
  @Field(() => Date, { nullable: true }) lastPolledAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastSuccessAt!: Date | null;
  @Field(() => Int, { description: 'Consecutive failed polls.' }) errorCount!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Date, { nullable: true }) lastErrorAt!: Date | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Observed mean time between items, which sets the poll interval.',
  })
  meanIntervalSeconds!: number | null;
  @Field(() => Int) itemsPublished!: number;
  @Field() createdAt!: Date;
}

@ObjectType('OpmlInvalidEntry')
export class OpmlInvalidEntryModel {
  @Field() url!: string;
  @Field() reason!: string;
}

@ObjectType('OpmlImportResult')
export class OpmlImportResultModel {
  @Field(() => Int) added!: number;
  @Field(() => Int, { description: 'Feeds of the list that were registered already.' })
  existing!: number;
  @Field(() => [OpmlInvalidEntryModel]) invalid!: OpmlInvalidEntryModel[];
}
