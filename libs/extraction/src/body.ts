import type { Element } from 'domhandler';
import { fingerprintText } from '@newsgraph/text';
import { BLOCK_TAGS, HEADING_TAGS, classAndId, walk } from './dom';
import {
  isBylineLine,
  isCallToAction,
  isCommentsHeading,
  isDateLine,
  isMoreStoriesHeading,
} from './lines';
import { Renderer, type Unit } from './render';

/** Names authors give to regions that are not the story. */
const NEGATIVE =
  /(^|[^a-z])(ads?|adv|advert\w*|banner|promo\w*|sponsor\w*|outbrain|taboola|recirc\w*|related|trending|popular|most-read|newsletter|subscri\w*|signup|sign-up|share\w*|sharing|social|sidebar|side-bar|rail|widget|breadcrumbs?|footer|masthead|menu|nav|navbar|navigation|pagination|pager|popup|modal|overlay|cookie\w*|consent|gdpr|comments?|disqus|byline|author\w*|caption|credits?|tags?|keywords|toolbar|print|email|meta|more-stories|read-more|readmore|jump|skip)([^a-z]|$)/;
const POSITIVE =
  /(^|[^a-z])(article\w*|body|content|entry|hentry|main|post\w*|text|blog|story\w*|prose|paragraph)([^a-z]|$)/;

const STRUCTURAL = new Set(['html', 'body', 'main', 'article']);
const UNLIKELY_TAGS = new Set(['nav', 'aside', 'footer']);

function isHidden(el: Element): boolean {
  const a = el.attribs;
  if ('hidden' in a) return true;
  const style = a['style'];
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/** Regions that are boilerplate by their markup alone. */
function looksUnlikely(el: Element): boolean {
  if (UNLIKELY_TAGS.has(el.name)) return true;
  if (STRUCTURAL.has(el.name)) return false;
  const names = classAndId(el);
  return names !== '' && NEGATIVE.test(names) && !POSITIVE.test(names);
}

function classWeight(el: Element): number {
  const names = classAndId(el);
  if (!names) return 0;
  let w = 0;
  if (NEGATIVE.test(names)) w -= 25;
  if (POSITIVE.test(names)) w += 25;
  return w;
}

function tagWeight(name: string): number {
  switch (name) {
    case 'div':
    case 'article':
    case 'main':
    case 'section':
      return 5;
    case 'pre':
    case 'td':
    case 'blockquote':
      return 3;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      return -3;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      return -5;
    default:
      return 0;
  }
}

const COMMAS = /[,،，、]/g;

/** Sentence-like text with few links: what articles are made of. */
const proseChars = (u: Unit) => (u.chars >= 60 && u.linkChars <= u.chars * 0.35 ? u.chars : 0);

interface Stats {
  /** Text and link text of the whole subtree. */
  chars: number;
  linkChars: number;
  prose: number;
  /** The same, without regions pruned as boilerplate. */
  keptChars: number;
  keptLinkChars: number;
  /** Votes from the paragraphs held (Readability-style content score). */
  score: number;
  scored: boolean;
  /** Set aside as boilerplate (computed on first use). */
  pruned: boolean | undefined;
  /** Inside an element set aside. */
  insidePruned: boolean;
  /** The first paragraph held directly. */
  firstText: string | undefined;
}

const newStats = (): Stats => ({
  chars: 0,
  linkChars: 0,
  prose: 0,
  keptChars: 0,
  keptLinkChars: 0,
  score: 0,
  scored: false,
  pruned: undefined,
  insidePruned: false,
  firstText: undefined,
});

const parentOf = (el: Element): Element | null => {
  const p = el.parent;
  return p && p.type === 'tag' ? (p as Element) : null;
};

export interface BodyOptions {
  /** The headline, dropped where the page repeats it above the text. */
  title?: string;
  /** Called with the chosen container, for diagnostics. */
  onRoot?: (root: Element) => void;
}

/**
 * Finds the story in a page: paragraphs vote for the elements that hold them
 * (after boilerplate regions are set aside), the best container and its
 * worthy siblings are rendered again with in-article clutter removed.
 */
class BodyExtractor {
  private readonly stats = new Map<Element, Stats>();
  private readonly units: Unit[];
  private readonly hasBlockChild: Set<Element>;
  private bodyProse = 0;

  constructor(private readonly body: Element) {
    const r = new Renderer(isHidden, true).renderRoot(body);
    this.units = r.units;
    this.hasBlockChild = r.hasBlockChild;
    const elements = r.elements!;
    for (const u of this.units) {
      const s = this.get(u.container);
      s.chars += u.chars;
      s.linkChars += u.linkChars;
      s.prose += proseChars(u);
      s.firstText ??= u.text;
    }
    // Children come after their parent in document order: summing in reverse fills subtrees.
    for (let i = elements.length - 1; i > 0; i--) {
      const el = elements[i]!;
      const s = this.stats.get(el);
      const parent = parentOf(el);
      if (!s || !parent) continue;
      const ps = this.get(parent);
      ps.chars += s.chars;
      ps.linkChars += s.linkChars;
      ps.prose += s.prose;
    }
    this.bodyProse = this.stats.get(body)?.prose ?? 0;
    for (const el of elements) {
      const s = this.stats.get(el);
      if (!s) continue;
      const parent = el === body ? null : parentOf(el);
      s.insidePruned =
        (parent !== null && this.stats.get(parent)?.insidePruned === true) || this.isPruned(el);
    }
    for (const u of this.units) {
      const s = this.stats.get(u.container)!;
      if (s.insidePruned) continue;
      s.keptChars += u.chars;
      s.keptLinkChars += u.linkChars;
    }
    for (let i = elements.length - 1; i > 0; i--) {
      const el = elements[i]!;
      const s = this.stats.get(el);
      const parent = parentOf(el);
      if (!s || !parent || s.keptChars === 0) continue;
      const ps = this.get(parent);
      ps.keptChars += s.keptChars;
      ps.keptLinkChars += s.keptLinkChars;
    }
    this.score();
  }

  private get(el: Element): Stats {
    let s = this.stats.get(el);
    if (!s) {
      s = newStats();
      this.stats.set(el, s);
    }
    return s;
  }

  /**
   * Boilerplate by markup, unless it holds most of the page's prose: wrappers
   * get names like "widget-wrap" or "read-more" too.
   */
  isPruned(el: Element): boolean {
    const s = this.stats.get(el);
    // Inline elements have no stats: their class names alone decide.
    if (!s) return this.bodyProse > 0 && looksUnlikely(el);
    s.pruned ??= looksUnlikely(el) && s.prose < this.bodyProse * 0.5;
    return s.pruned;
  }

  private score(): void {
    for (const u of this.units) {
      if (u.chars < 25 || this.stats.get(u.container)!.insidePruned) continue;
      const points =
        1 + (u.text.match(COMMAS)?.length ?? 0) + Math.min(Math.floor(u.chars / 100), 3);
      // A paragraph votes for its parent; loose text votes for the element holding it.
      let target: Element | null = this.hasBlockChild.has(u.container)
        ? u.container
        : parentOf(u.container);
      for (let level = 0; target && level < 5; level++) {
        const s = this.get(target);
        if (!s.scored) {
          s.scored = true;
          s.score = tagWeight(target.name) + classWeight(target);
        }
        s.score += points / (level === 0 ? 1 : level === 1 ? 2 : level * 3);
        if (target === this.body) break;
        target = parentOf(target);
      }
    }
  }

  private linkDensity(el: Element): number {
    const s = this.stats.get(el);
    return s && s.keptChars > 0 ? s.keptLinkChars / s.keptChars : 0;
  }

  private finalScore(el: Element): number {
    const s = this.stats.get(el);
    return s && s.scored ? s.score * (1 - this.linkDensity(el)) : 0;
  }

  /** The element whose paragraphs are the story, refined the way Readability does. */
  chooseTop(): Element {
    const ranked = [...this.stats]
      .filter(([, s]) => s.scored)
      .map(([el]) => ({ el, score: this.finalScore(el) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    const first = ranked[0];
    if (!first) return this.body;
    let top = first.el;
    // Paragraphs wrapped one per box make several near-equal candidates: take their common ancestor.
    const close = ranked.slice(1).filter((c) => c.score >= first.score * 0.75);
    if (close.length >= 3) {
      const ancestors = close.map((c) => {
        const set = new Set<Element>();
        for (let e: Element | null = c.el; e; e = parentOf(e)) set.add(e);
        return set;
      });
      for (let a = parentOf(top); a && a !== this.body; a = parentOf(a)) {
        const holding = ancestors.filter((set) => set.has(a!)).length;
        if (holding >= 3) {
          top = a;
          break;
        }
      }
    }
    // A parent that scores higher holds more of the story.
    let last = this.finalScore(top);
    const floor = last / 3;
    for (let a = parentOf(top); a && a !== this.body; a = parentOf(a)) {
      if (!this.stats.get(a)?.scored) continue;
      const f = this.finalScore(a);
      if (f < floor) break;
      if (f > last) {
        top = a;
        break;
      }
      last = f;
    }
    // A lone child says no more than its parent.
    for (let a = parentOf(top); a && a !== this.body && tagChildren(a) === 1; a = parentOf(a))
      top = a;
    return top;
  }

  /** The top candidate and the siblings that continue it (split bodies, a lede box). */
  private parts(top: Element): Element[] {
    const parent = parentOf(top);
    if (top === this.body || !parent) return [top];
    const best = this.finalScore(top);
    const threshold = Math.max(10, best * 0.2);
    const topClass = top.attribs['class'] ?? '';
    const out: Element[] = [];
    for (const child of parent.children) {
      if (child.type !== 'tag') continue;
      const el = child as Element;
      if (el === top) {
        out.push(el);
        continue;
      }
      if (this.isPruned(el)) continue;
      const bonus = topClass && el.attribs['class'] === topClass ? best * 0.2 : 0;
      if (this.finalScore(el) + bonus >= threshold) {
        out.push(el);
        continue;
      }
      const s = this.stats.get(el);
      if (!s || this.hasBlockChild.has(el)) continue;
      // A lone paragraph next to the story: keep it when it reads like text.
      const ld = this.linkDensity(el);
      const text = s.firstText ?? '';
      if (
        (s.keptChars > 80 && ld < 0.25) ||
        (s.keptChars > 0 && ld === 0 && /[.!?]["”’)]?(\s|$)/.test(text))
      ) {
        out.push(el);
      }
    }
    return out;
  }

  /**
   * A run of look-alike boxes, each a linked headline with a picture or a
   * blurb: other stories, not this one.
   */
  private isTeaserList(el: Element): boolean {
    let withText = 0;
    for (const c of el.children) if (c.type === 'tag' && this.stats.has(c as Element)) withText++;
    if (withText < 3) return false;
    const items = el.children.filter(
      (c): c is Element => c.type === 'tag' && (this.stats.get(c as Element)?.keptChars ?? 0) > 0,
    );
    if (items.length < 3) return false;
    const signature = (e: Element) => `${e.name}.${e.attribs['class'] ?? ''}`;
    const counts = new Map<string, number>();
    for (const it of items) counts.set(signature(it), (counts.get(signature(it)) ?? 0) + 1);
    const [sig, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    if (n < 3 || n < items.length * 0.6) return false;
    let cards = 0;
    let chars = 0;
    for (const it of items) {
      if (signature(it) !== sig) continue;
      const s = this.stats.get(it)!;
      chars += s.keptChars;
      if (s.keptLinkChars >= s.keptChars * 0.1 && (hasImage(it) || blockChildren(it) >= 2)) cards++;
    }
    return cards >= n * 0.6 && chars / n < 400;
  }

  extract(options: BodyOptions): string {
    const top = this.chooseTop();
    options.onRoot?.(top);
    const parts = this.parts(top);
    const rootProse = parts.reduce((n, p) => n + (this.stats.get(p)?.prose ?? 0), 0);
    const skip = (el: Element): boolean => {
      const name = el.name;
      // A block without stats holds no text: nothing to render below it.
      if (BLOCK_TAGS.has(name) && !this.stats.has(el)) return true;
      if (isHidden(el) || this.isPruned(el)) return true;
      // The headline is the title, not the body; figures carry captions and credits.
      if (name === 'figure' || name === 'h1') return true;
      // Search, sign-up and comment forms, article headers (title, byline, date); a wrapper
      // of either kind that holds most of the text is markup gone wrong, and kept.
      if (
        (name === 'form' || name === 'header') &&
        (this.stats.get(el)?.prose ?? 0) < rootProse * 0.5
      ) {
        return true;
      }
      // Menus and lists of links inside the article.
      if (
        (name === 'ul' || name === 'ol' || name === 'table' || name === 'div') &&
        this.linkDensity(el) > 0.5
      ) {
        return true;
      }
      return this.isTeaserList(el);
    };
    const out = new Renderer(skip);
    if (parts.length === 1) out.renderRoot(parts[0]!);
    else for (const p of parts) out.render(p);
    const units = out.units.filter((u) => u.linkChars <= u.chars * 0.5 || isLinkedProse(u.text));
    return trimEdges(units, options.title)
      .map((u) => u.text)
      .join('\n\n');
  }
}

/**
 * Several sentences whose words happen to be links (a roundup of deals, a
 * summary citing sources) are text; a lone linked line is navigation.
 */
const isLinkedProse = (text: string) =>
  text.length >= 100 && /[.!?]["”’)]?\s+["“‘(]?\p{Lu}/u.test(text) && /[.!?]["”’)]?$/.test(text);

/**
 * Cuts what follows the story inside its container: readers' comments under
 * a "12 Responses" heading, a closing "More stories" heading with the small,
 * link-rich list after it, and headings left last (their list was removed).
 */
function cutTail(units: Unit[]): Unit[] {
  let end = units.length;
  let before = 0;
  for (let i = 0; i < end; i++) {
    const u = units[i]!;
    if (before >= 200 && isCommentsHeading(u.text)) end = i;
    else before += proseChars(u);
  }
  while (end > 1 && HEADING_TAGS.has(units[end - 1]!.container.name)) end--;
  let total = 0;
  for (let i = 0; i < end; i++) total += units[i]!.chars;
  let tail = 0;
  let links = 0;
  for (let i = end - 1; i > 0; i--) {
    const u = units[i]!;
    if (isMoreStoriesHeading(u.text) && links >= tail * 0.25 && tail + u.chars < total * 0.3) {
      return units.slice(0, i);
    }
    tail += u.chars;
    links += u.linkChars;
  }
  return units.slice(0, end);
}

/**
 * Drops what pages put before the first and after the last paragraph of prose:
 * the headline again, datelines, bylines, and closing calls to action.
 */
function trimEdges(all: Unit[], title: string | undefined): Unit[] {
  const titleKey = title ? fingerprintText(title) : '';
  const units = cutTail(all);
  const isCore = (u: Unit) => proseChars(u) > 0 && !isCallToAction(u.text);
  const first = units.findIndex(isCore);
  if (first < 0) return units;
  let last = units.length - 1;
  while (last > first && !isCore(units[last]!)) last--;
  return units.filter(
    (u, i) =>
      (i >= first && i <= last) ||
      !(
        isDateLine(u.text) ||
        isCallToAction(u.text) ||
        (i < first &&
          (isBylineLine(u.text) || (titleKey !== '' && fingerprintText(u.text) === titleKey)))
      ),
  );
}

function hasImage(el: Element): boolean {
  let found = false;
  walk(el, (e) => {
    if (e.name === 'img' || e.name === 'picture') found = true;
    return !found;
  });
  return found;
}

const blockChildren = (el: Element) =>
  el.children.filter((c) => c.type === 'tag' && BLOCK_TAGS.has((c as Element).name)).length;

const tagChildren = (el: Element) => el.children.filter((c) => c.type === 'tag').length;

/** Main text of the page as paragraphs separated by blank lines. */
export function extractBody(body: Element, options: BodyOptions = {}): string {
  return new BodyExtractor(body).extract(options);
}
