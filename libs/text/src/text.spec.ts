import { articleId, contentHash, normalizeText, sourceId } from './index';

describe('normalizeText', () => {
  it('folds spacing, line endings and blank lines', () => {
    expect(normalizeText('  Title \r\n\r\n\r\n Body\u200b  text\t here \n\n')).toBe(
      'Title\n\nBody text here',
    );
  });

  it('composes Unicode so equal texts compare equal', () => {
    expect(normalizeText('Erdog\u0306an')).toBe('Erdoğan');
  });
});

describe('ids', () => {
  it('gives the same article id for the same item and different ones otherwise', () => {
    expect(articleId('seeds', 'a.txt')).toBe(articleId('seeds', 'a.txt'));
    expect(articleId('seeds', 'a.txt')).not.toBe(articleId('seeds', 'b.txt'));
    expect(articleId('seeds', 'a.txt')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('hashes content independently of case, punctuation and spacing', () => {
    expect(contentHash('Title', 'Putin met Erdogan.')).toBe(
      contentHash('title', 'Putin  met Erdogan'),
    );
    expect(contentHash('Title', 'Putin met Erdogan')).not.toBe(
      contentHash('Title', 'Putin met Macron'),
    );
  });

  it('slugs source names', () => {
    expect(sourceId('Anadolu Ağency!')).toBe('anadolu-agency');
  });
});
