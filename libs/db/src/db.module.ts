import { Module, type DynamicModule } from '@nestjs/common';
import { DATABASE_URL, PrismaService } from './prisma.service';

@Module({})
export class DbModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DbModule,
      global: true,
      providers: [{ provide: DATABASE_URL, useValue: databaseUrl }, PrismaService],
      exports: [PrismaService],
    };
  }
}
