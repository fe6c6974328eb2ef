import { Inject, Injectable } from '@nestjs/common';
import type { DedupedArticle, EnrichedArticle } from '@newsgraph/contracts';
import { linkEntities } from './dictionary-linker';
import { KnowledgeBase } from './knowledge-base';

export const KNOWLEDGE_BASE = Symbol('KNOWLEDGE_BASE');

@Injectable()
export class LinkingService {
  constructor(@Inject(KNOWLEDGE_BASE) private readonly kb: KnowledgeBase) {}

  enrich(article: DedupedArticle): EnrichedArticle {
    return {
      ...article,
      entities: linkEntities(this.kb, article.article.title, article.article.body),
    };
  }
}
