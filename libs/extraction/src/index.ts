/**
 * Article extraction for ingestion: `extractArticle` turns a news page into
 * title, main text and metadata (htmlparser2 DOM, Readability-style scoring
 * with boilerplate pruning, see body.ts); `cleanPlainText` strips the page
 * furniture that scrapers leave in plain-text articles.
 */
export { extractArticle, type ExtractedArticle } from './article';
export { canonicalizeUrl } from './url';
export { cleanPlainText, type CleanText } from './plain-text';
