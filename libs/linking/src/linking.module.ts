import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { loadKnowledgeBase, type LoadOptions } from './kb/load';
import type { LinkerOptions } from './linker/entity-linker';
import { KNOWLEDGE_BASE, LINKER_OPTIONS, LinkingService } from './linking.service';

export interface LinkingModuleOptions extends LoadOptions {
  linker?: LinkerOptions;
}

@Module({})
export class LinkingModule {
  /**
   * Loads the knowledge base from a file (our JSON/JSON-lines records, the
   * skeleton's entity list, or a Wikidata dump; plain, .gz or .bz2) plus the
   * default KB shipped with the project, and provides `LinkingService`.
   */
  static forKnowledgeBaseFile(path: string, options: LinkingModuleOptions = {}): DynamicModule {
    return {
      module: LinkingModule,
      providers: [
        {
          provide: KNOWLEDGE_BASE,
          useFactory: async () => {
            const logger = new Logger('LinkingModule');
            const { index, reports, seconds } = await loadKnowledgeBase([path], {
              ...options,
              onMalformed: (issue) =>
                logger.warn(`${path}:${issue.line}: malformed line skipped (${issue.message})`),
            });
            const malformed = reports.reduce((n, r) => n + r.report.malformed, 0);
            logger.log(
              `knowledge base: ${index.size} entities, ${index.stats.names} names from ${reports.length} file(s) in ${seconds.toFixed(1)} s` +
                (malformed ? `, ${malformed} malformed line(s) skipped` : ''),
            );
            return index;
          },
        },
        { provide: LINKER_OPTIONS, useValue: options.linker ?? {} },
        LinkingService,
      ],
      exports: [LinkingService],
    };
  }
}
