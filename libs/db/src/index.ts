export * from './prisma.service';
export * from './db.module';
export * from './migrate';
export * from './database-admin';
export { Prisma, PrismaClient } from './generated/prisma/client';
export type * from './generated/prisma/models';
