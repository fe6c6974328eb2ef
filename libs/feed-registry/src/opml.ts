import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { stripUnsafeXmlProlog } from './xml-safety';

export interface OpmlFeed {
  url: string;
  title: string | null;
}

/** OPML that cannot be read at all (not XML, or no `<opml>` root). */
export class InvalidOpmlError extends Error {
  constructor(reason: string) {
    super(`invalid OPML: ${reason}`);
    this.name = 'InvalidOpmlError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Standard and numeric references; the DTD is stripped first, so nothing is declared.
  processEntities: true,
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name.toLowerCase() === 'outline',
});

type XmlNode = Record<string, unknown>;

const attr = (node: XmlNode, name: string): string | null => {
  // OPML in the wild spells attributes as xmlUrl, xmlurl or XMLURL.
  for (const [key, value] of Object.entries(node)) {
    if (key.toLowerCase() === name && typeof value === 'string' && value.trim()) {
      return value.trim();
    }
  }
  return null;
};

const childOutlines = (node: XmlNode): XmlNode[] => {
  for (const [key, value] of Object.entries(node)) {
    if (key.toLowerCase() === 'outline' && Array.isArray(value)) {
      return value.filter((v): v is XmlNode => typeof v === 'object' && v !== null);
    }
  }
  return [];
};

/**
 * The feeds of an OPML subscription list: every outline with an `xmlUrl`, at any
 * depth (folders are flattened), in document order. URLs are returned as written;
 * the registry validates them one by one.
 */
export function parseOpml(xml: string): OpmlFeed[] {
  let doc: XmlNode;
  try {
    doc = parser.parse(stripUnsafeXmlProlog(xml)) as XmlNode;
  } catch (error) {
    throw new InvalidOpmlError((error as Error).message);
  }
  const root = Object.entries(doc).find(([key]) => key.toLowerCase() === 'opml')?.[1];
  if (typeof root !== 'object' || root === null) throw new InvalidOpmlError('no <opml> element');
  const body = Object.entries(root).find(([key]) => key.toLowerCase() === 'body')?.[1];
  if (typeof body !== 'object' || body === null) return [];

  const feeds: OpmlFeed[] = [];
  const visit = (node: XmlNode, depth: number) => {
    if (depth > 50) return;
    for (const outline of childOutlines(node)) {
      const url = attr(outline, 'xmlurl');
      if (url) feeds.push({ url, title: attr(outline, 'title') ?? attr(outline, 'text') });
      visit(outline, depth + 1);
    }
  };
  visit(body as XmlNode, 0);
  return feeds;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  suppressEmptyNode: true,
});

/** An OPML 2.0 subscription list of the given feeds. */
export function buildOpml(
  feeds: readonly OpmlFeed[],
  title = 'newsgraph feeds',
  now = new Date(),
): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    opml: {
      '@_version': '2.0',
      head: { title, dateCreated: now.toUTCString() },
      body: {
        outline: feeds.map((f) => ({
          '@_type': 'rss',
          '@_text': f.title ?? f.url,
          ...(f.title ? { '@_title': f.title } : {}),
          '@_xmlUrl': f.url,
        })),
      },
    },
  }) as string;
}
