import { Parser } from 'htmlparser2';
import { normalizeText } from '@newsgraph/text';

// Feed summaries and content are HTML fragments; the article body is plain text.
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
]);
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'svg',
  'head',
]);

/**
 * Plain text of an HTML fragment: tags dropped, entities decoded, block elements
 * and `<br>` turned into paragraph and line breaks, scripts and styles removed,
 * then normalised like every article text.
 */
export function htmlToText(html: string): string {
  let out = '';
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipping++;
        else if (name === 'br') out += '\n';
        else if (BLOCK.has(name)) out += '\n\n';
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK.has(name)) out += '\n\n';
      },
      ontext(text) {
        // Source line breaks are spacing in HTML; only tags make breaks.
        if (skipping === 0) out += text.replace(/\s+/g, ' ');
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return normalizeText(out);
}
