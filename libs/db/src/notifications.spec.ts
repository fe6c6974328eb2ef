import { parseProjectionNotice, projectionNotices } from './notifications';

describe('projection notices', () => {
  it('round-trips and splits to stay under the payload cap', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => i.toString(16).padStart(32, '0'));
    const notices = projectionNotices(ids, ['s-1']);
    expect(notices.length).toBeGreaterThan(1);
    for (const n of notices) expect(Buffer.byteLength(n)).toBeLessThan(7_000);
    const parsed = notices.map((n) => parseProjectionNotice(n)!);
    expect(parsed.flatMap((p) => p.articles)).toEqual(ids);
    expect(parsed.flatMap((p) => p.stories)).toEqual(['s-1']);
  });

  it('ignores a payload that is not a notice', () => {
    expect(parseProjectionNotice('nope')).toBeNull();
    expect(parseProjectionNotice('{"articles":[1,"a"]}')).toEqual({ articles: ['a'], stories: [] });
  });
});
