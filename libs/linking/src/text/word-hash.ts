/**
 * 32-bit word hashes and a set of them in one typed array: membership tests for
 * an article's words without a string-keyed map lookup per word (cache misses
 * on a vocabulary of millions dominate the linker's time otherwise).
 */

/** FNV-1a over UTF-16 code units, never 0 (0 marks an empty slot). */
export function wordHash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h === 0 ? 1 : h;
}

/** Open-addressing set of word hashes, sized for `capacity` entries at most half full. */
export class HashSet32 {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  add(h: number): void {
    let i = (h ^ (h >>> 16)) & this.mask;
    for (;;) {
      const v = this.slots[i]!;
      if (v === h) return;
      if (v === 0) {
        this.slots[i] = h;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  has(h: number): boolean {
    let i = (h ^ (h >>> 16)) & this.mask;
    for (;;) {
      const v = this.slots[i]!;
      if (v === h) return true;
      if (v === 0) return false;
      i = (i + 1) & this.mask;
    }
  }
}
