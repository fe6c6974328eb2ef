/**
 * Removes a leading byte-order mark and the document type declaration before XML
 * is parsed. Without a DTD no entity can be declared, so neither external entities
 * (XXE: file or network reads) nor nested internal ones (billion laughs) exist,
 * whatever the parser would do with them; feeds and OPML never need a DTD.
 */
export function stripUnsafeXmlProlog(xml: string): string {
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const start = text.search(/<!DOCTYPE/i);
  if (start < 0) return text;
  // Only a DOCTYPE before the root element is a declaration; later ones are text.
  const firstElement = text.slice(0, start).search(/<[A-Za-z_]/);
  if (firstElement >= 0) return text;
  const end = endOfDoctype(text, start + '<!DOCTYPE'.length);
  return text.slice(0, start) + text.slice(end);
}

/** Index just past the declaration's closing `>`, skipping quoted strings, comments and the internal subset. */
function endOfDoctype(text: string, from: number): number {
  let inSubset = false;
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return text.length;
      i = close + 1;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0) return text.length;
      i = close + 3;
      continue;
    }
    if (c === '[' && !inSubset) inSubset = true;
    else if (c === ']' && inSubset) inSubset = false;
    else if (c === '>' && !inSubset) return i + 1;
    i++;
  }
  return text.length;
}
