import type { LinkedEntity, Mention } from '@newsgraph/contracts';
import type { KbEntity, KnowledgeBase } from './knowledge-base';

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/**
 * Longest-match alias lookup over the article text: at each token, the longest
 * run of tokens that names a KB entity wins. The walking skeleton's linker; the
 * fuzzy, context-aware one replaces it behind the same output.
 */
export function linkEntities(kb: KnowledgeBase, title: string, body: string): LinkedEntity[] {
  // Mentions are offsets into `title + "\n\n" + body`, the text the API returns.
  const text = `${title}\n\n${body}`;
  const tokens = tokenize(text);
  const found = new Map<string, { entity: KbEntity; mentions: Mention[] }>();
  for (let i = 0; i < tokens.length;) {
    let matched = 0;
    for (let n = Math.min(kb.maxAliasTokens, tokens.length - i); n >= 1; n--) {
      const first = tokens[i]!;
      const last = tokens[i + n - 1]!;
      const surface = text.slice(first.start, last.end);
      const entity = kb.lookup(surface);
      if (!entity) continue;
      const entry = found.get(entity.id) ?? { entity, mentions: [] };
      entry.mentions.push({ start: first.start, end: last.end, surface, confidence: 1 });
      found.set(entity.id, entry);
      matched = n;
      break;
    }
    i += Math.max(matched, 1);
  }
  const most = Math.max(1, ...[...found.values()].map((f) => f.mentions.length));
  return [...found.values()]
    .map(({ entity, mentions }) => ({
      id: entity.id,
      qid: entity.qid,
      name: entity.name,
      type: entity.type,
      salience: Math.round((mentions.length / most) * 1000) / 1000,
      mentions,
    }))
    .sort((a, b) => b.salience - a.salience || a.id.localeCompare(b.id));
}
