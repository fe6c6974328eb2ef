import { normalizeText } from '@newsgraph/text';

export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Strict UTF-8 decoding: an importer must say why it skips a file, never guess. */
export function decodeTextFile(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
  if (text.trim().length === 0) return { ok: false, reason: 'no text (only white space)' };
  return { ok: true, text };
}

export interface TextDocument {
  title: string;
  body: string;
}

/**
 * The plain-text article format of the seeds: the first non-empty line is the
 * title, the rest is the body. A body that starts by repeating the title (a
 * common scraping artefact) loses that line.
 */
export function parseTextDocument(text: string): TextDocument | { error: string } {
  const normalized = normalizeText(text);
  const lines = normalized.split('\n');
  const title = lines.shift()?.trim() ?? '';
  const rest = lines.filter((line, i) => !(i < 3 && line.trim() === title));
  const body = normalizeText(rest.join('\n'));
  if (!title) return { error: 'no title line' };
  if (!body) return { error: 'no body after the title line' };
  return { title, body };
}
