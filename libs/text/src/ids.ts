import { createHash } from 'node:crypto';
import { fingerprintText } from './normalize';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Stable across re-imports: the same item of the same source always gets the same id. */
export function articleId(sourceId: string, externalId: string): string {
  return sha256(`${sourceId}\u0000${externalId}`).slice(0, 32);
}

/** Equal for texts that differ only in case, punctuation or spacing. */
export function contentHash(title: string, body: string): string {
  return sha256(`${fingerprintText(title)}\u0000${fingerprintText(body)}`);
}

/** A readable, stable id for a source named by the user. */
export function sourceId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || sha256(name).slice(0, 12);
}
