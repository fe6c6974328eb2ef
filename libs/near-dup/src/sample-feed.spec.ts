import { sampleFeed } from '@newsgraph/devstack';
import { NearDupIndex } from './index';

describe('the sample feed', () => {
  it('holds five articles of which none is a near-duplicate of another', () => {
    const articles = sampleFeed();
    expect(articles).toHaveLength(5);
    const index = new NearDupIndex({ capacity: 64 });
    for (const a of articles)
      expect(index.add(a.id, `${a.title}\n${a.text}`)).toEqual({
        kind: 'unique',
        duplicateOf: null,
        similarity: 0,
      });
    // Each is a copy of itself, so the index did see them.
    for (const a of articles) expect(index.add(`${a.id}#again`, a.text).duplicateOf).toBe(a.id);
  });
});
