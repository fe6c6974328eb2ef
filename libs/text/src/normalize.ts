/**
 * Canonical form of article text: Unicode NFC, no control characters, one space
 * between words, paragraphs separated by one blank line, no blank edges.
 * Used both for storage and as the input of the content hash, so the same text
 * with different line endings or spacing hashes the same.
 */
export function normalizeText(input: string): string {
  return (
    input
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      // Control characters (not tab/newline), zero-width space and stray BOMs.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]/g, '')
      .replace(/[^\S\n]+/g, ' ')
      .split(/\n\s*\n/)
      .map((para) =>
        para
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .join('\n'),
      )
      .filter(Boolean)
      .join('\n\n')
  );
}

/** Longest byline kept; longer ones are clipped. */
export const MAX_BYLINE = 500;

/**
 * A byline as stored: one line of normalised text (see normalizeText), at most
 * MAX_BYLINE characters; null when there is none.
 */
export function normalizeByline(input: string | null | undefined): string | null {
  const line = normalizeText(input ?? '').replace(/\s+/g, ' ');
  return line.slice(0, MAX_BYLINE).trim() || null;
}

/** Text reduced for equality checks: case, punctuation and spacing ignored. */
export function fingerprintText(input: string): string {
  return normalizeText(input)
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
