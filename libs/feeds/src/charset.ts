import { analyse } from 'chardet';

export type CharsetSource = 'bom' | 'header' | 'xml-declaration' | 'meta' | 'content' | 'default';

export interface DecodedText {
  text: string;
  /** WHATWG name of the encoding used, e.g. `utf-8`, `windows-1252`. */
  charset: string;
  /** What decided it. */
  source: CharsetSource;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** The WHATWG name for a label, or null when the label is unknown. */
function canonical(label: string | null | undefined): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().replace(/^["']|["']$/g, '')).encoding;
  } catch {
    return null;
  }
}

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

function sniffBom(bytes: Uint8Array): string | null {
  for (const [bom, charset] of BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) return charset;
  }
  // `<?` in UTF-16 without a BOM (XML 1.0, appendix F).
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) {
    return 'utf-16le';
  }
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) {
    return 'utf-16be';
  }
  return null;
}

/** The `charset` parameter of a Content-Type header. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType ?? '');
  return match?.[2] ?? null;
}

function declaredCharsets(head: string, contentType: string | null) {
  const found: { charset: string; source: CharsetSource }[] = [];
  const add = (label: string | null | undefined, source: CharsetSource) => {
    const charset = canonical(label);
    // A byte-oriented document cannot really be UTF-16 once we got this far.
    if (charset && !charset.startsWith('utf-16')) found.push({ charset, source });
  };
  add(charsetFromContentType(contentType), 'header');
  add(/^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1], 'xml-declaration');
  add(
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ??
      /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head)?.[1],
    'meta',
  );
  return found;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const isAscii = (bytes: Uint8Array) => bytes.every((b) => b < 0x80);

/**
 * Decodes a fetched feed to text, deciding the encoding from, in order: a byte
 * order mark; then the HTTP header, the XML declaration and an HTML meta tag,
 * checked against the content. Declarations are often wrong (a server default of
 * ISO-8859-1 over UTF-8 files, or the reverse), so bytes that are valid UTF-8 with
 * non-ASCII characters are read as UTF-8 whatever is declared (valid multi-byte
 * UTF-8 almost never happens by chance), and bytes that are not valid UTF-8 are
 * never read as UTF-8: the first other declared charset is used, else a detector's
 * guess, else windows-1252.
 */
export function decodeFeedBody(bytes: Uint8Array, contentType: string | null = null): DecodedText {
  const bomCharset = sniffBom(bytes);
  if (bomCharset) {
    // TextDecoder drops the BOM itself.
    return { text: new TextDecoder(bomCharset).decode(bytes), charset: bomCharset, source: 'bom' };
  }
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const declared = declaredCharsets(head, contentType);
  const decode = (charset: string, source: CharsetSource): DecodedText => ({
    text: new TextDecoder(charset).decode(bytes),
    charset,
    source,
  });

  if (isAscii(bytes)) {
    const first = declared[0];
    return first ? decode(first.charset, first.source) : decode('utf-8', 'default');
  }
  if (isUtf8(bytes)) {
    const first = declared[0];
    return decode(
      'utf-8',
      first?.charset === 'utf-8' ? first.source : first ? 'content' : 'default',
    );
  }
  const other = declared.find((d) => d.charset !== 'utf-8');
  if (other) return decode(other.charset, other.source);
  for (const match of analyse(bytes)) {
    const charset = canonical(match.name);
    if (charset && charset !== 'utf-8' && !charset.startsWith('utf-') && match.confidence >= 10) {
      return decode(charset, 'content');
    }
  }
  return decode('windows-1252', 'content');
}
