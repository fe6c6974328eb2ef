import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StoryClusterer } from './index';

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
  it('is one story, on arrival and after refinement', () => {
    const articles = sampleFeed();
    expect(articles).toHaveLength(5);
    const clusterer = new StoryClusterer();
    const onArrival = articles.map((a) => clusterer.assign(a).story.id);
    expect(new Set(onArrival).size).toBe(1);
    clusterer.refine();
    expect(new Set(articles.map((a) => clusterer.storyOf(a.id))).size).toBe(1);
    const [story] = clusterer.stories();
    expect(story).toMatchObject({ id: `s-${articles[0]!.id}`, articleCount: 5 });
    expect(story!.title).toMatch(/Idlib|Syria|Erdogan/);
  });
});
