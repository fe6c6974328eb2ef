import { Module, type DynamicModule } from '@nestjs/common';
import { DATABASE_URL, DB_OPTIONS, PrismaService, type DbOptions } from './prisma.service';

@Module({})
export class DbModule {
  static forRoot(databaseUrl: string, options: DbOptions = {}): DynamicModule {
    return {
      module: DbModule,
      global: true,
      providers: [
        { provide: DATABASE_URL, useValue: databaseUrl },
        { provide: DB_OPTIONS, useValue: options },
        PrismaService,
      ],
      exports: [PrismaService, DATABASE_URL],
    };
  }
}
