/**
 * News-like synthetic prose: words drawn from a vocabulary of 20,000 made-up
 * words with Zipf's law (the n-th most frequent word appears about 1/n as often
 * as the first), as words are in real text. A 600-word article then has about
 * 300 distinct words, as news does, so full-text vectors, their index entries
 * and near-duplicate sketches cost what they cost on real articles; a handful
 * of repeated words would understate all three.
 */
const SYLLABLES = 'ba ce di fo gu ha je ki lo mu na pe ri so tu va we xi yo za'.split(' ');
const VOCABULARY_SIZE = 20_000;

function word(rank: number): string {
  // Frequent words are short, as in real text.
  let out = '';
  let n = rank;
  do {
    out += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return out;
}

const VOCABULARY = Array.from({ length: VOCABULARY_SIZE }, (_, rank) => word(rank));
// Cumulative Zipf weights (exponent 1), searched with a uniform draw.
const CUMULATIVE = (() => {
  const out = new Float64Array(VOCABULARY_SIZE);
  let sum = 0;
  for (let rank = 0; rank < VOCABULARY_SIZE; rank++) out[rank] = sum += 1 / (rank + 1);
  for (let rank = 0; rank < VOCABULARY_SIZE; rank++) out[rank]! /= sum;
  return out;
})();

/** One word, given a uniform draw in [0, 1). */
export function zipfWord(draw: number): string {
  let low = 0;
  let high = VOCABULARY_SIZE - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (CUMULATIVE[mid]! < draw) low = mid + 1;
    else high = mid;
  }
  return VOCABULARY[low]!;
}
