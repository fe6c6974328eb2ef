import { Module, type DynamicModule } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { KnowledgeBase, type KbEntity } from './knowledge-base';
import { KNOWLEDGE_BASE, LinkingService } from './linking.service';

@Module({})
export class LinkingModule {
  /** Loads the knowledge base from a JSON file of `KbEntity` records. */
  static forKnowledgeBaseFile(path: string): DynamicModule {
    return {
      module: LinkingModule,
      providers: [
        {
          provide: KNOWLEDGE_BASE,
          useFactory: () => new KnowledgeBase(JSON.parse(readFileSync(path, 'utf8')) as KbEntity[]),
        },
        LinkingService,
      ],
      exports: [LinkingService],
    };
  }
}
