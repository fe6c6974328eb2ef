import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HashSet32, wordHash } from './word-hash';

let words: Set<string> | null = null;
let hashes: HashSet32 | null = null;

/**
 * Ordinary English words (the word-list package, ~274,000 lower-case words): a
 * capitalised word that is also an ordinary word ("State", "Orange", "Married")
 * needs more evidence to be a name than one that is not ("Burlington", "Idlib").
 * Loaded once, on first use.
 */
export function englishWords(): Set<string> {
  if (!words) {
    // The package is ESM-only; its word file is all we need.
    const file = join(dirname(require.resolve('word-list')), 'words.txt');
    words = new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
  }
  return words;
}

/** The same words as hashes: the linker's per-word test (a rare collision counts a word as ordinary). */
export function englishWordHashes(): HashSet32 {
  if (!hashes) {
    const all = englishWords();
    hashes = new HashSet32(all.size);
    for (const w of all) hashes.add(wordHash(w));
  }
  return hashes;
}
