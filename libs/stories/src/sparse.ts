/** A sparse vector: term ids in increasing order and their weights. */
export interface SparseVector {
  ids: Uint32Array;
  weights: Float32Array;
}

/** Dot product by merging the two sorted id lists. */
export function dot(a: SparseVector, b: SparseVector): number {
  const ai = a.ids;
  const bi = b.ids;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) sum += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** Builds a unit-length sparse vector from (id, weight) pairs with distinct ids. */
export function unitVector(entries: [number, number][]): SparseVector {
  entries.sort((x, y) => x[0] - y[0]);
  let norm = 0;
  for (const [, w] of entries) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  const ids = new Uint32Array(entries.length);
  const weights = new Float32Array(entries.length);
  entries.forEach(([id, w], k) => {
    ids[k] = id;
    weights[k] = w / norm;
  });
  return { ids, weights };
}
