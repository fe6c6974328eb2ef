import { type Document, isText } from 'domhandler';
import { attr, classAndId, collapse, textOf, walk } from './dom';
import { canonicalizeUrl } from './url';

/** What the page says about itself, gathered in one pass over the tree. */
export interface PageSignals {
  metas: Map<string, string[]>;
  canonicalHref?: string;
  htmlLang?: string;
  titleText?: string;
  h1: string[];
  times: { datetime: string; published: boolean }[];
  authorTexts: string[];
  jsonLd: Record<string, unknown>[];
}

export interface ArticleMetadata {
  title: string;
  byline: string | null;
  publishedAt: string | null;
  language: string | null;
  canonicalUrl: string | null;
}

const ARTICLE_TYPES = /article|posting|report|news|blog|webpage/i;

export function collectSignals(doc: Document): PageSignals {
  const s: PageSignals = { metas: new Map(), h1: [], times: [], authorTexts: [], jsonLd: [] };
  const addMeta = (key: string | undefined, value: string | undefined) => {
    if (!key || value === undefined) return;
    const k = key.trim().toLowerCase();
    const list = s.metas.get(k);
    if (list) list.push(value.trim());
    else s.metas.set(k, [value.trim()]);
  };
  walk(doc, (el) => {
    switch (el.name) {
      case 'html':
        s.htmlLang ??= attr(el, 'lang') ?? attr(el, 'xml:lang');
        break;
      case 'meta': {
        const content = attr(el, 'content');
        for (const k of (attr(el, 'property') ?? '').split(/\s+/)) addMeta(k, content);
        addMeta(attr(el, 'name'), content);
        addMeta(attr(el, 'itemprop'), content ?? attr(el, 'datetime'));
        addMeta(attr(el, 'http-equiv'), content);
        return false;
      }
      case 'link':
        if (/(^|\s)canonical(\s|$)/i.test(attr(el, 'rel') ?? ''))
          s.canonicalHref ??= attr(el, 'href');
        return false;
      case 'title':
        if (s.titleText === undefined) s.titleText = textOf(el);
        return false;
      case 'h1':
        if (s.h1.length < 5) s.h1.push(textOf(el));
        return false;
      case 'time': {
        const dt = attr(el, 'datetime');
        if (dt) {
          const hint = `${attr(el, 'itemprop') ?? ''} ${classAndId(el)} ${'pubdate' in el.attribs ? 'pubdate' : ''}`;
          s.times.push({ datetime: dt, published: /publish|pubdate|created/i.test(hint) });
        }
        break;
      }
      case 'script':
        if ((attr(el, 'type') ?? '').toLowerCase().includes('ld+json')) {
          const raw = el.children.map((c) => (isText(c) ? c.data : '')).join('');
          try {
            flattenLd(JSON.parse(raw), s.jsonLd, 0);
          } catch {
            // Broken JSON-LD is common; the other signals still apply.
          }
        }
        return false;
      // A <title> inside inline SVG names the drawing, not the page.
      case 'style':
      case 'noscript':
      case 'svg':
        return false;
    }
    const rel = attr(el, 'rel');
    const itemprop = attr(el, 'itemprop');
    if (
      s.authorTexts.length < 5 &&
      ((rel && /(^|\s)author(\s|$)/i.test(rel)) ||
        (itemprop && /(^|\s)author(\s|$)/.test(itemprop)) ||
        /(^|[\s_-])(byline|author-?name|article-?author|byline-?name)($|[\s_-])/.test(
          classAndId(el),
        ))
    ) {
      const t = textOf(el);
      if (t && t.length < 120) s.authorTexts.push(t);
    }
    return undefined;
  });
  return s;
}

/** JSON-LD comes as objects, arrays and @graph lists; keep every typed object. */
function flattenLd(value: unknown, out: Record<string, unknown>[], depth: number): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) flattenLd(v, out, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  if (obj['@type'] !== undefined) out.push(obj);
  if (obj['@graph'] !== undefined) flattenLd(obj['@graph'], out, depth + 1);
  if (obj['mainEntity'] !== undefined) flattenLd(obj['mainEntity'], out, depth + 1);
}

const typeOf = (o: Record<string, unknown>): string => {
  const t = o['@type'];
  return Array.isArray(t) ? t.join(' ') : String(t ?? '');
};

/** Typed JSON-LD objects that describe the article itself, best first. */
export function ldArticles(s: PageSignals): Record<string, unknown>[] {
  return s.jsonLd
    .filter((o) => ARTICLE_TYPES.test(typeOf(o)) && !/breadcrumb|website/i.test(typeOf(o)))
    .sort((a, b) => Number(/webpage/i.test(typeOf(a))) - Number(/webpage/i.test(typeOf(b))));
}

const firstMeta = (s: PageSignals, ...keys: string[]): string | undefined => {
  for (const k of keys) {
    const v = s.metas.get(k)?.find((x) => x.length > 0);
    if (v) return v;
  }
  return undefined;
};

const ldString = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() || undefined;
  if (Array.isArray(v)) return ldString(v[0]);
  if (v && typeof v === 'object')
    return ldString(
      (v as Record<string, unknown>)['name'] ?? (v as Record<string, unknown>)['@value'],
    );
  return undefined;
};

const TITLE_SEPARATORS = /\s+[|\-–—:·•»«/]\s+|\s+::\s+/;

const alnum = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Removes "| Site Name" style parts that name the site, not the story. */
export function stripSiteName(
  title: string,
  siteName: string | undefined,
  host: string | undefined,
): string {
  const parts = title.split(TITLE_SEPARATORS);
  if (parts.length < 2) return title;
  const site = siteName ? alnum(siteName) : '';
  const hostCore = host ? alnum(host.replace(/^www\./, '').replace(/\.[a-z.]+$/, '')) : '';
  const isSite = (part: string) => {
    const a = alnum(part);
    if (!a) return true;
    // "NYPost.com" or "Fox News Politics" name the site; a headline that mentions it is longer.
    const names = (name: string) =>
      name.length > 2 &&
      (name.includes(a) || (a.includes(name) && a.length <= name.length * 2 + 4));
    return names(site) || names(hostCore);
  };
  if (!site && !hostCore) {
    // Nothing to recognise the site by: a short second part is its name ("Story | Daily Example").
    const words = (x: string) => x.split(/\s+/).filter(Boolean).length;
    const [head, tail] = parts;
    return parts.length === 2 && words(tail!) <= 4 && words(head!) > words(tail!)
      ? head!.trim()
      : title;
  }
  const seps = title.match(new RegExp(TITLE_SEPARATORS.source, 'g')) ?? [];
  let start = 0;
  let end = parts.length;
  while (end - start > 1 && isSite(parts[end - 1]!)) end--;
  while (end - start > 1 && isSite(parts[start]!)) start++;
  if (start === 0 && end === parts.length) return title;
  let out = parts[start]!;
  for (let i = start + 1; i < end; i++) out += seps[i - 1]! + parts[i]!;
  return out.trim();
}

function chooseTitle(s: PageSignals, host: string | undefined): string {
  const siteName = firstMeta(s, 'og:site_name', 'application-name', 'twitter:site')?.replace(
    /^@/,
    '',
  );
  const ld = ldArticles(s)[0];
  const candidates = [
    firstMeta(s, 'og:title', 'twitter:title', 'headline', 'dc.title', 'sailthru.title'),
    ld ? ldString(ld['headline']) : undefined,
    s.titleText,
  ]
    .map((t) => (t ? collapse(t) : ''))
    .filter(Boolean);
  const h1 = s.h1.map(collapse).filter((t) => t.length > 3);
  // An <h1> repeated in the page title is the headline without decoration.
  for (const h of h1) {
    const key = alnum(h);
    if (candidates.some((c) => alnum(c).includes(key) && key.length >= alnum(c).length * 0.4))
      return h;
  }
  const first = candidates[0] ?? h1[0] ?? '';
  return stripSiteName(first, siteName, host);
}

function chooseByline(s: PageSignals): string | null {
  const ld = ldArticles(s)[0];
  const fromLd = (() => {
    const a = ld?.['author'];
    const list = Array.isArray(a) ? a : a ? [a] : [];
    const names = list.map(ldString).filter((n): n is string => !!n && !/^https?:/.test(n));
    return names.length ? names.join(', ') : undefined;
  })();
  const raw =
    fromLd ??
    [
      firstMeta(
        s,
        'author',
        'article:author',
        'byl',
        'dc.creator',
        'sailthru.author',
        'parsely-author',
      ),
      ...s.authorTexts,
    ].filter((x): x is string => !!x && !/^https?:\/\//.test(x))[0];
  return raw ? cleanByline(raw) : null;
}

const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';

/** "By Jane Doe | November 18, 2019 12:01 PM Print" reads "Jane Doe". */
export function cleanByline(raw: string): string | null {
  const cleaned = collapse(raw)
    .replace(/^(posted by|written by|words by|text|by|von|par|por|di|door|av|af)\s*:?\s+/i, '')
    // Page bylines run on into dates, handles, reading times and buttons.
    .split(/\s+[|•·]\s*|\s+@\w|\s*\b(updated|published|posted|follow|print)\b/i)[0]!
    .replace(
      new RegExp(
        `[\\s,–—-]*\\b(${MONTH}\\s+\\d|\\d{1,2}\\s+${MONTH}|\\d{4}-\\d{2}|\\d{1,2}/\\d{1,2}/).*$`,
        'i',
      ),
      '',
    )
    .replace(/[\s,;:.|-]+$/, '')
    .trim();
  return cleaned && cleaned.length <= 150 ? cleaned : null;
}

/** ISO 8601 form of a date string as pages write them, or null. */
export function toIsoDate(value: string | undefined): string | null {
  if (!value) return null;
  let v = value.trim();
  // Compact forms like 20191120 or 20191120T101500Z.
  const compact = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{4})?$/.exec(v);
  if (compact) {
    const [, y, mo, d, h = '00', mi = '00', se = '00', z = 'Z'] = compact;
    v = `${y}-${mo}-${d}T${h}:${mi}:${se}${z === 'Z' ? 'Z' : `${z.slice(0, 3)}:${z.slice(3)}`}`;
  }
  // "2019-11-20 10:15:00" is local-less; read it as UTC rather than machine-local.
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) v = `${v.replace(' ', 'T')}Z`;
  if (/^\d{4}[/.]\d{1,2}[/.]\d{1,2}$/.test(v))
    v = v.replace(/[/.](\d)(?=\D|$)/g, '-0$1').replace(/[/.]/g, '-');
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) v = `${v}T00:00:00Z`;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  const year = new Date(t).getUTCFullYear();
  return year >= 1990 && year <= 2100 ? new Date(t).toISOString() : null;
}

/** Site-specific names such as "sn-post-date" or "article.publishtime". */
function otherDateMeta(s: PageSignals): string | undefined {
  for (const [key, values] of s.metas) {
    if (/modif|updat|expir/.test(key)) continue;
    if (
      /(publish|post|pub|release|issue|creat).{0,3}(date|time)|(date|time).{0,3}(publish|post|pub)/.test(
        key,
      )
    ) {
      const v = values.find((x) => x.length > 0);
      if (v) return v;
    }
  }
  return undefined;
}

function choosePublished(s: PageSignals): string | null {
  const ld = ldArticles(s);
  const candidates = [
    firstMeta(
      s,
      'article:published_time',
      'og:published_time',
      'published_time',
      'article:published',
      'datepublished',
      'date_published',
      'publishdate',
      'publish-date',
      'publish_date',
      'pubdate',
      'parsely-pub-date',
      'sailthru.date',
      'dc.date.issued',
      'dcterms.issued',
      'dc.date.created',
      'dcterms.created',
      'dc.date',
      'date',
      'originalpublicationdate',
      'article.published',
      'datecreated',
    ),
    ...ld.map((o) => ldString(o['datePublished']) ?? ldString(o['dateCreated'])),
    ...s.jsonLd.map((o) => ldString(o['datePublished'])),
    otherDateMeta(s),
    s.times.find((t) => t.published)?.datetime,
    s.times[0]?.datetime,
  ];
  for (const c of candidates) {
    const iso = toIsoDate(c);
    if (iso) return iso;
  }
  return null;
}

/** BCP 47 style tag ("en", "pt-BR") from html lang, og:locale and the like. */
export function normalizeLanguage(value: string | undefined): string | null {
  if (!value) return null;
  const first = value.split(/[,;\s]/)[0]!.replace(/_/g, '-');
  const m = /^([a-z]{2,3})(?:-([a-z0-9]{2,8}))?(?:-[a-z0-9]{1,8})*$/i.exec(first);
  if (!m) return null;
  const lang = m[1]!.toLowerCase();
  if (lang === 'und' || lang === 'zxx') return null;
  const region = m[2];
  if (!region) return lang;
  return `${lang}-${region.length === 2 ? region.toUpperCase() : region}`;
}

function chooseLanguage(s: PageSignals): string | null {
  const ld = ldArticles(s)[0];
  return (
    normalizeLanguage(s.htmlLang) ??
    normalizeLanguage(
      firstMeta(s, 'content-language', 'language', 'dc.language', 'og:locale', 'inlanguage'),
    ) ??
    normalizeLanguage(ld ? ldString(ld['inLanguage']) : undefined) ??
    normalizeLanguage(s.jsonLd.map((o) => ldString(o['inLanguage'])).find(Boolean))
  );
}

function chooseCanonical(s: PageSignals, url: string | undefined): string | null {
  for (const href of [s.canonicalHref, firstMeta(s, 'og:url', 'twitter:url')]) {
    if (!href) continue;
    const abs = canonicalizeUrl(href, url);
    if (abs) return abs;
  }
  return url ? canonicalizeUrl(url) : null;
}

export function extractMetadata(s: PageSignals, url: string | undefined): ArticleMetadata {
  let host: string | undefined;
  try {
    host = url ? new URL(url).hostname : undefined;
  } catch {
    host = undefined;
  }
  const canonicalUrl = chooseCanonical(s, url);
  if (!host && canonicalUrl) host = new URL(canonicalUrl).hostname;
  return {
    title: chooseTitle(s, host),
    byline: chooseByline(s),
    publishedAt: choosePublished(s),
    language: chooseLanguage(s),
    canonicalUrl,
  };
}
