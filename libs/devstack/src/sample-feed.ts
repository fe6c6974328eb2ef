import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

/**
 * data/sample-feed, raw: the five seed articles (one event told by five outlets),
 * split at the first non-empty line (the title) with no cleaning, for tests of
 * libraries that take plain text.
 */
export function sampleFeed(): { id: string; title: string; text: string }[] {
  const dir = join(repoRoot(), 'data', 'sample-feed');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const lines = readFileSync(join(dir, file), 'utf8').split('\n');
      const first = lines.findIndex((l) => l.trim());
      return { id: file, title: lines[first]!.trim(), text: lines.slice(first + 1).join('\n') };
    });
}
