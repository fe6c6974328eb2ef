import { ContractViolation, decodeValue, encodeValue, topicName, Topics } from './index';
import type { RawArticle } from './index';

const article: RawArticle = {
  schemaVersion: 1,
  articleId: 'a'.repeat(32),
  source: { id: 'seeds', name: 'Seeds', url: null },
  externalId: '000.txt',
  url: null,
  title: 'Title',
  body: 'Body text',
  language: null,
  publishedAt: null,
  ingestedAt: '2020-03-01T10:00:00.000Z',
  contentHash: 'b'.repeat(64),
  byline: null,
};

describe('topic contracts', () => {
  it('round-trips a valid value', () => {
    const bytes = encodeValue(Topics.articleRaw, article);
    expect(decodeValue(Topics.articleRaw, bytes)).toEqual(article);
  });

  it('reads messages written before bylines as having none, and keeps a byline', () => {
    const { byline: _, ...old } = article;
    expect(decodeValue(Topics.articleRaw, Buffer.from(JSON.stringify(old)))).toEqual({
      ...article,
      byline: null,
    });
    const signed = { ...article, byline: 'Jane Doe' };
    expect(decodeValue(Topics.articleRaw, encodeValue(Topics.articleRaw, signed))).toEqual(signed);
    expect(() => encodeValue(Topics.articleRaw, { ...article, byline: '' })).toThrow(
      ContractViolation,
    );
  });

  it('names topics with prefix and version', () => {
    expect(topicName(Topics.articleRaw, 'test-1.')).toBe('test-1.newsgraph.article.raw.v1');
  });

  it('refuses to encode an invalid value', () => {
    expect(() => encodeValue(Topics.articleRaw, { ...article, title: '' })).toThrow(
      ContractViolation,
    );
  });

  it('explains why a message cannot be decoded', () => {
    expect(() => decodeValue(Topics.articleRaw, Buffer.from('{not json'))).toThrow(/invalid JSON/);
    expect(() => decodeValue(Topics.articleRaw, null)).toThrow(/empty message value/);
    const bad = Buffer.from(JSON.stringify({ ...article, contentHash: 'xyz' }));
    expect(() => decodeValue(Topics.articleRaw, bad)).toThrow(/contentHash: must be 64 hex digits/);
  });

  it('rejects a verdict whose duplicateOf disagrees with its kind', () => {
    const deduped = {
      schemaVersion: 1 as const,
      article,
      verdict: { kind: 'unique' as const, duplicateOf: 'c'.repeat(32), similarity: 0 },
      story: { id: 's1', title: 'Title', revision: 0 },
    };
    expect(() => encodeValue(Topics.articleDeduped, deduped)).toThrow(/duplicateOf/);
  });
});
