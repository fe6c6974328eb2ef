import { type AnyNode, type Element, hasChildren, isTag, isText } from 'domhandler';

/** Elements that start a new line when rendered; everything else flows inline. */
export const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

export const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

export const attr = (el: Element, name: string): string | undefined => el.attribs[name];

/**
 * Class and id, the names authors give to page regions, lower-cased with
 * camelCase words split ("imageEmbedCaption" reads "image-embed-caption").
 */
export function classAndId(el: Element): string {
  const cls = el.attribs['class'];
  const id = el.attribs['id'];
  if (!cls && !id) return '';
  return `${cls ?? ''} ${id ?? ''}`.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Text of a subtree with white space folded (for metadata, not for bodies). */
export function textOf(node: AnyNode): string {
  const parts: string[] = [];
  walkNodes(node, (n) => {
    if (isText(n)) parts.push(n.data);
    else if (isTag(n)) {
      if (n.name === 'script' || n.name === 'style') return false;
      // Blocks and breaks separate words even where the markup has no space.
      if (BLOCK_TAGS.has(n.name) || n.name === 'br') parts.push(' ');
    }
    return true;
  });
  return collapse(parts.join(''));
}

/** One space between words, no edges; NBSP and zero-width characters folded. */
export function collapse(s: string): string {
  return s
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Depth-first pre-order walk over all nodes; `visit` returning false skips
 * the subtree. Iterative: broken pages nest deeper than the call stack goes.
 */
export function walkNodes(root: AnyNode, visit: (node: AnyNode) => boolean): void {
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!visit(node) || !hasChildren(node)) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** Pre-order walk over elements; `visit` returning false skips the subtree. */
export function walk(root: AnyNode, visit: (el: Element) => boolean | void): void {
  walkNodes(root, (n) => (isTag(n) ? visit(n) !== false : hasChildren(n)));
}
