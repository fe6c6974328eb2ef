import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NearDupIndex } from './index';

/** The repository root: the nearest folder above this file holding nx.json. */
function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error('no nx.json above ' + from);
  }
}

/** data/sample-feed: the five seed articles, one event told by five outlets (first non-empty line: title). */
function sampleFeed(): { id: string; title: string; text: string }[] {
  const dir = join(repoRoot(), 'data', 'sample-feed');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const lines = readFileSync(join(dir, file), 'utf8').split('\n');
      const first = lines.findIndex((l) => l.trim());
      return { id: file, title: lines[first]!.trim(), text: lines.slice(first + 1).join('\n') };
    });
}

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
