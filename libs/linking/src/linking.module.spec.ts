import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { DedupedArticle } from '@newsgraph/contracts';
import { EnrichedArticleV1 } from '@newsgraph/contracts';
import { LinkingModule } from './linking.module';
import { LinkingService } from './linking.service';

const FIXTURE = join(__dirname, '../kb/fixture-kb.json');
const SEEDS = join(__dirname, '../../../data/sample-feed');

function article(title: string, body: string): DedupedArticle {
  const now = new Date().toISOString();
  return {
    schemaVersion: 1,
    article: {
      schemaVersion: 1,
      articleId: '0'.repeat(32),
      source: { id: 'seeds', name: 'seeds', url: null },
      externalId: 'x',
      url: null,
      title,
      body,
      language: null,
      publishedAt: null,
      ingestedAt: now,
      contentHash: '0'.repeat(64),
      byline: null,
    },
    verdict: { kind: 'unique', duplicateOf: null, similarity: 0 },
    story: { id: 's', title, revision: 0 },
  };
}

describe('LinkingModule.forKnowledgeBaseFile with the fixture KB', () => {
  let service: LinkingService;

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      imports: [LinkingModule.forKnowledgeBaseFile(FIXTURE)],
    }).compile();
    service = module.get(LinkingService);
  });

  it('links every spelling of Macron in the seed articles to Q3052772, with QIDs as ids', () => {
    const surfaces = new Set<string>();
    for (const file of readdirSync(SEEDS).sort()) {
      const lines = readFileSync(join(SEEDS, file), 'utf8').split('\n');
      const title = lines.find((l) => l.trim())!.trim();
      const body = lines
        .slice(lines.indexOf(lines.find((l) => l.trim())!) + 1)
        .join('\n')
        .trim();
      const enriched = service.enrich(article(title, body));
      expect(EnrichedArticleV1.safeParse(enriched).success).toBe(true);
      for (const e of enriched.entities) {
        if (e.qid) expect(e.id).toBe(e.qid);
        if (e.id === 'Q3052772') for (const m of e.mentions) surfaces.add(m.surface.toLowerCase());
      }
    }
    expect(surfaces).toEqual(
      new Set(['markron', 'makron', 'macron', 'emmanuel macron', 'emanuelle macron']),
    );
  });

  it('enriches an empty-looking article with no entities', () => {
    expect(service.enrich(article('Weather', 'Rain later today.')).entities).toEqual([]);
  });
});
