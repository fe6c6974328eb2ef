import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DedupedArticle, EnrichedArticle } from '@newsgraph/contracts';
import type { KnowledgeIndex } from './index/knowledge-index';
import { EntityLinker, type LinkerOptions } from './linker/entity-linker';

export const KNOWLEDGE_BASE = Symbol('KNOWLEDGE_BASE');
export const LINKER_OPTIONS = Symbol('LINKER_OPTIONS');

@Injectable()
export class LinkingService {
  private readonly linker: EntityLinker;

  constructor(
    @Inject(KNOWLEDGE_BASE) readonly kb: KnowledgeIndex,
    @Optional() @Inject(LINKER_OPTIONS) options?: LinkerOptions,
  ) {
    this.linker = new EntityLinker(kb, options ?? {});
  }

  enrich(article: DedupedArticle): EnrichedArticle {
    const { title, body } = article.article;
    // Offsets are into `title + "\n\n" + body`, the text the API returns.
    const entities = this.linker.link(`${title}\n\n${body}`, { titleLength: title.length });
    return { ...article, entities };
  }
}
