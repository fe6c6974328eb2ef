import { type AnyNode, type Element, isTag, isText } from 'domhandler';
import { BLOCK_TAGS } from './dom';

/** A run of text that renders as one paragraph (a <p>, a list item, text between <br><br>...). */
export interface Unit {
  text: string;
  /** Length of the text without spaces at the edges. */
  chars: number;
  /** Part of `chars` inside links. */
  linkChars: number;
  /** Nearest block-level element holding the run. */
  container: Element;
}

/** Never rendered text: code, media, form controls, document head. */
export const NEVER_TEXT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'canvas',
  'iframe',
  'object',
  'embed',
  'video',
  'audio',
  'button',
  'input',
  'select',
  'textarea',
  'option',
  'head',
  'title',
  'link',
  'meta',
  'dialog',
  'map',
]);

const SPACE = /[\s\u00a0\u200b-\u200d\ufeff]+/g;

/**
 * Turns a subtree into paragraph units the way a browser lays text out: block
 * elements and double line breaks end a paragraph, inline elements flow.
 * `skip` prunes subtrees (boilerplate, hidden parts) while rendering.
 */
export class Renderer {
  readonly units: Unit[] = [];
  /** Containers that hold other block elements (their text runs are loose text). */
  readonly hasBlockChild = new Set<Element>();
  private parts: string[] = [];
  private linkChars = 0;
  private linkDepth = 0;
  private lastWasBreak = false;
  private stack: Element[] = [];
  /** Every element rendered, in document order (when asked for). */
  readonly elements: Element[] | null;

  constructor(
    private readonly skip: (el: Element) => boolean = () => false,
    recordElements = false,
  ) {
    this.elements = recordElements ? [] : null;
  }

  /** Renders a node and its subtree; iterative, as broken pages nest thousands of levels deep. */
  render(node: AnyNode): this {
    const pending: { el: Element; next: number }[] = [];
    let current: AnyNode | null = node;
    for (;;) {
      if (current) {
        const el = this.enter(current);
        if (el) pending.push({ el, next: 0 });
      }
      const frame = pending[pending.length - 1];
      if (!frame) return this;
      current = frame.el.children[frame.next++] ?? null;
      if (!current) {
        pending.pop();
        this.leave(frame.el);
      }
    }
  }

  /** Handles the start of a node; returns the element when its children are to be rendered. */
  private enter(node: AnyNode): Element | null {
    if (isText(node)) {
      const data = node.data;
      if (this.linkDepth > 0) this.linkChars += data.replace(SPACE, ' ').trim().length;
      this.parts.push(data);
      if (data.trim()) this.lastWasBreak = false;
      return null;
    }
    if (!isTag(node)) return null;
    const el = node;
    const name = el.name;
    if (NEVER_TEXT.has(name) || this.skip(el)) return null;
    this.elements?.push(el);
    if (name === 'br') {
      if (this.lastWasBreak) this.flush();
      else this.parts.push('\n');
      this.lastWasBreak = true;
      return null;
    }
    if (BLOCK_TAGS.has(name)) {
      this.flush();
      const top = this.stack[this.stack.length - 1];
      if (top) this.hasBlockChild.add(top);
      this.stack.push(el);
    } else if (name === 'a') this.linkDepth++;
    return el;
  }

  private leave(el: Element): void {
    const name = el.name;
    if (BLOCK_TAGS.has(name)) {
      this.flush();
      this.stack.pop();
    } else if (name === 'a') this.linkDepth--;
    else if (name === 'img') this.parts.push(' ');
  }

  /** Renders a root element itself as the outermost container. */
  renderRoot(root: Element): this {
    this.elements?.push(root);
    this.stack.push(root);
    for (const c of root.children) this.render(c);
    this.flush();
    this.stack.pop();
    return this;
  }

  private flush(): void {
    this.lastWasBreak = false;
    if (this.parts.length === 0) return;
    const raw = this.parts.join('');
    this.parts = [];
    const linkChars = this.linkChars;
    this.linkChars = 0;
    const lines = raw.split('\n');
    let text = '';
    for (const line of lines) {
      const l = line.replace(SPACE, ' ').trim();
      if (l) text = text ? `${text}\n${l}` : l;
    }
    const container = this.stack[this.stack.length - 1];
    if (!text || !container) return;
    this.units.push({
      text,
      chars: text.length,
      linkChars: Math.min(linkChars, text.length),
      container,
    });
  }
}
