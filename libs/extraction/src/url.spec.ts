import { canonicalizeUrl } from './url';

describe('canonicalizeUrl', () => {
  it('removes campaign and click identifiers but keeps the parameters that select content', () => {
    expect(
      canonicalizeUrl(
        'https://example.org/a?id=3&utm_source=x&UTM_Medium=y&fbclid=1&gclid=2&mc_cid=3&mc_eid=4&msclkid=5&_ga=6&page=2',
      ),
    ).toBe('https://example.org/a?id=3&page=2');
  });

  it('drops the fragment and an empty query', () => {
    expect(canonicalizeUrl('https://example.org/a?utm_source=x#top')).toBe('https://example.org/a');
  });

  it('resolves relative links against the base', () => {
    expect(canonicalizeUrl('../b?x=1', 'https://example.org/news/a/')).toBe(
      'https://example.org/news/b?x=1',
    );
    expect(canonicalizeUrl('//cdn.example.org/b', 'https://example.org/')).toBe(
      'https://cdn.example.org/b',
    );
  });

  it('gives null for what is not an http(s) URL', () => {
    expect(canonicalizeUrl('javascript:void(0)')).toBeNull();
    expect(canonicalizeUrl('/relative/without/base')).toBeNull();
    expect(canonicalizeUrl('mailto:a@example.org')).toBeNull();
  });
});
