/**
 * Agglomerative clustering of a sparse weighted graph by normalised link
 * strength: the two groups whose link weight w(A, B) is the largest share of
 * the smaller group's total link weight (its volume) are merged, as long as
 * that share is at least `minShare`.
 *
 * On a k-nearest-neighbour graph of articles this keeps two events of the same
 * kind apart even when each of their articles is fairly similar to the other
 * event's: what counts is where an article's *closest* neighbours are, and the
 * criterion does not depend on the size of the graph, only on the groups.
 */

export interface Edge {
  a: number;
  b: number;
  weight: number;
}

interface Group {
  id: number;
  volume: number;
  links: Map<number, number>;
  version: number;
}

/** Max-heap of candidate merges, ordered by share, then by the smaller ids (determinism). */
class MergeHeap {
  private items: { share: number; a: number; b: number; va: number; vb: number }[] = [];

  get size(): number {
    return this.items.length;
  }

  private above(i: number, j: number): boolean {
    const x = this.items[i]!;
    const y = this.items[j]!;
    if (x.share !== y.share) return x.share > y.share;
    if (x.a !== y.a) return x.a < y.a;
    return x.b < y.b;
  }

  push(item: { share: number; a: number; b: number; va: number; vb: number }): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): { share: number; a: number; b: number; va: number; vb: number } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.above(l, m)) m = l;
        if (r < items.length && this.above(r, m)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Groups nodes 0..n-1. Returns, for each node, the smallest node index of its
 * group, so the same graph always gives the same labels.
 */
export function linkClusters(n: number, edges: readonly Edge[], minShare: number): Int32Array {
  const groups = new Map<number, Group>();
  const group = (i: number): Group => {
    let g = groups.get(i);
    if (!g) groups.set(i, (g = { id: i, volume: 0, links: new Map(), version: 0 }));
    return g;
  };
  for (const { a, b, weight } of edges) {
    if (a === b || !(weight > 0)) continue;
    const ga = group(a);
    const gb = group(b);
    ga.volume += weight;
    gb.volume += weight;
    ga.links.set(b, (ga.links.get(b) ?? 0) + weight);
    gb.links.set(a, (gb.links.get(a) ?? 0) + weight);
  }
  const heap = new MergeHeap();
  const share = (x: Group, y: Group, w: number) => w / Math.min(x.volume, y.volume);
  const offer = (x: Group, y: Group, w: number) => {
    const s = share(x, y, w);
    if (s < minShare) return;
    const [p, q] = x.id < y.id ? [x, y] : [y, x];
    heap.push({ share: s, a: p.id, b: q.id, va: p.version, vb: q.version });
  };
  for (const g of groups.values())
    for (const [other, w] of g.links) if (g.id < other) offer(g, groups.get(other)!, w);

  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };

  while (heap.size > 0) {
    const top = heap.pop()!;
    const x = groups.get(top.a);
    const y = groups.get(top.b);
    if (!x || !y || x.version !== top.va || y.version !== top.vb) continue; // stale entry
    // Fold the group with fewer links into the other (cheaper), whichever it is.
    const [big, small] = x.links.size >= y.links.size ? [x, y] : [y, x];
    big.links.delete(small.id);
    for (const [other, w] of small.links) {
      if (other === big.id) continue;
      big.links.set(other, (big.links.get(other) ?? 0) + w);
      const o = groups.get(other)!;
      o.links.delete(small.id);
      o.links.set(big.id, (o.links.get(big.id) ?? 0) + w);
    }
    big.volume += small.volume;
    groups.delete(small.id);
    parent[small.id] = big.id;
    big.version++;
    for (const [other, w] of big.links) offer(big, groups.get(other)!, w);
  }
  // Label each group by its smallest node, whatever representative it had.
  const label = new Int32Array(n);
  const smallest = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (!smallest.has(root)) smallest.set(root, i);
    label[i] = smallest.get(root)!;
  }
  return label;
}
