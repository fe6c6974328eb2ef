import type { RawArticle } from '@newsgraph/contracts';
import { exactVerdict } from './verdict';

const article = (id: string): RawArticle => ({
  schemaVersion: 1,
  articleId: id.repeat(32),
  source: { id: 's', name: 'S', url: null },
  externalId: id,
  url: null,
  title: `Title ${id}`,
  body: 'Body',
  language: null,
  publishedAt: null,
  ingestedAt: '2020-01-01T00:00:00.000Z',
  contentHash: 'c'.repeat(64),
});

describe('exactVerdict', () => {
  it('marks the claimant unique and opens its story', () => {
    const v = exactVerdict(article('a'), { articleId: 'a'.repeat(32), title: 'Title a' });
    expect(v.verdict).toEqual({ kind: 'unique', duplicateOf: null, similarity: 0 });
    expect(v.story.id).toBe(`s-${'a'.repeat(32)}`);
  });
  it('marks a later article with the same hash as an exact copy in the owner story', () => {
    const v = exactVerdict(article('b'), { articleId: 'a'.repeat(32), title: 'Title a' });
    expect(v.verdict).toEqual({ kind: 'exact', duplicateOf: 'a'.repeat(32), similarity: 1 });
    expect(v.story).toEqual({ id: `s-${'a'.repeat(32)}`, title: 'Title a' });
  });
});
