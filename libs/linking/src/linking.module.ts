import { Logger, Module, type DynamicModule } from '@nestjs/common';
import type { KnowledgeIndex } from './index/knowledge-index';
import { loadKnowledgeBase, type LoadOptions } from './kb/load';
import { loadKnowledgeBaseFromPostgres } from './kb/postgres';
import type { LinkerOptions } from './linker/entity-linker';
import { KNOWLEDGE_BASE, LINKER_OPTIONS, LinkingService } from './linking.service';

export interface LinkingModuleOptions extends LoadOptions {
  linker?: LinkerOptions;
}

/**
 * Where the knowledge base comes from: `file` (the file, plus the default KB),
 * `postgres` (the newest ready generation in the KB tables; none is an error),
 * or `auto` (Postgres when its tables hold a knowledge base, else the file).
 */
export interface KnowledgeBaseSource {
  source: 'auto' | 'postgres' | 'file';
  path: string;
  databaseUrl?: string;
}

async function fromFile(
  path: string,
  options: LinkingModuleOptions,
  logger: Logger,
): Promise<KnowledgeIndex> {
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
}

/** The knowledge base of `source`: Postgres first unless `file`, the file as the fallback of `auto`. */
export async function loadKnowledgeBaseSource(
  { source, path, databaseUrl }: KnowledgeBaseSource,
  options: LinkingModuleOptions = {},
  logger = new Logger('LinkingModule'),
): Promise<KnowledgeIndex> {
  if (source === 'file' || (source === 'auto' && !databaseUrl)) {
    return fromFile(path, options, logger);
  }
  if (!databaseUrl) throw new Error('a Postgres knowledge base needs DATABASE_URL');
  let loaded: Awaited<ReturnType<typeof loadKnowledgeBaseFromPostgres>>;
  try {
    loaded = await loadKnowledgeBaseFromPostgres(databaseUrl, { connectionTimeoutMs: 5000 });
  } catch (error) {
    if (source === 'postgres') throw error;
    logger.warn(
      `knowledge base: Postgres not readable (${(error as Error).message}); loading ${path}`,
    );
    return fromFile(path, options, logger);
  }
  if (!loaded) {
    if (source === 'postgres') {
      throw new Error(
        'KB_SOURCE=postgres, but the database holds no ready knowledge base (import one: `node libs/linking/dist/cli.js db-import <kb-file>`)',
      );
    }
    logger.log(`knowledge base: none in Postgres; loading ${path}`);
    return fromFile(path, options, logger);
  }
  const { index, generation, from, seconds } = loaded;
  logger.log(
    `knowledge base: Postgres generation ${generation}, ${index.size} entities, ${index.stats.names} names, ` +
      `${from === 'index' ? 'prebuilt index' : 'built from the rows'} in ${seconds.toFixed(1)} s`,
  );
  return index;
}

@Module({})
export class LinkingModule {
  /**
   * Loads the knowledge base from a file (our JSON/JSON-lines records, the
   * skeleton's entity list, or a Wikidata dump; plain, .gz or .bz2) plus the
   * default KB shipped with the project, and provides `LinkingService`.
   */
  static forKnowledgeBaseFile(path: string, options: LinkingModuleOptions = {}): DynamicModule {
    return LinkingModule.forKnowledgeBase({ source: 'file', path }, options);
  }

  /** Loads the knowledge base from Postgres or a file (see `KnowledgeBaseSource`). */
  static forKnowledgeBase(
    source: KnowledgeBaseSource,
    options: LinkingModuleOptions = {},
  ): DynamicModule {
    return {
      module: LinkingModule,
      providers: [
        {
          provide: KNOWLEDGE_BASE,
          useFactory: () => loadKnowledgeBaseSource(source, options),
        },
        { provide: LINKER_OPTIONS, useValue: options.linker ?? {} },
        LinkingService,
      ],
      exports: [LinkingService],
    };
  }
}
