export * from './prisma.service';
export * from './db.module';
export * from './migrate';
export * from './database-admin';
export { Prisma, PrismaClient } from './generated/prisma/client';
export type {
  Article,
  ArticleEntity,
  Entity,
  EntityAlias,
  Source,
  Story,
} from './generated/prisma/client';
export type * from './generated/prisma/models';
export * from './notifications';
export * from './sql-counter';
export * from './binary-arrays';
