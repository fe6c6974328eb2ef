import { sampleFeed } from '@newsgraph/devstack';
import { StoryClusterer } from './index';

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
