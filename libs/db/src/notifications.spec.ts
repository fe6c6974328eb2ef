import { parseProjectionNotice } from './notifications';

describe('projection notices', () => {
  it('ignores a payload that is not a notice', () => {
    expect(parseProjectionNotice('nope')).toBeNull();
    expect(parseProjectionNotice('{"articles":[1,"a"]}')).toEqual({ articles: ['a'], stories: [] });
  });
});
