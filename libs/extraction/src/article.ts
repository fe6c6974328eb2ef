import { parseDocument } from 'htmlparser2';
import { type Document, Element } from 'domhandler';
import { extractBody } from './body';
import { collectSignals, extractMetadata } from './metadata';

export interface ExtractedArticle {
  title: string;
  /** Main text, paragraphs separated by blank lines. */
  body: string;
  byline: string | null;
  /** ISO 8601, or null when the page gives no usable date. */
  publishedAt: string | null;
  /** BCP 47 style language tag ("en", "pt-BR"), or null. */
  language: string | null;
  /** Absolute, without tracking parameters; null without any URL to go on. */
  canonicalUrl: string | null;
}

/**
 * One element over everything the parser produced: broken pages leave text
 * outside <body> or have no <html> at all.
 */
function rootOf(doc: Document): Element {
  const root = new Element('body', {}, doc.children);
  for (const child of doc.children) child.parent = root;
  return root;
}

/** Main text and metadata of a news page. `url` resolves relative links. */
export function extractArticle(html: string, url?: string): ExtractedArticle {
  const doc = parseDocument(html, { decodeEntities: true });
  const meta = extractMetadata(collectSignals(doc), url);
  return { ...meta, body: extractBody(rootOf(doc), { title: meta.title }) };
}
