/** A growable Int32Array: millions of small integers without boxed JS arrays. */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  /** The used part, copied into an exactly sized array. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Open-addressing hash from (parent node, token id) to child node: the edges of
 * the token trie, in three flat arrays instead of millions of Map entries.
 */
export class EdgeTable {
  private parents: Int32Array;
  private tokens: Int32Array;
  private children: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    let cap = 1024;
    while (cap < capacity) cap *= 2;
    this.parents = new Int32Array(cap).fill(-1);
    this.tokens = new Int32Array(cap);
    this.children = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private slot(parent: number, token: number): number {
    let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(token + 0x632be5ab, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h & this.mask;
  }

  get(parent: number, token: number): number {
    let i = this.slot(parent, token);
    for (;;) {
      const p = this.parents[i]!;
      if (p === -1) return -1;
      if (p === parent && this.tokens[i] === token) return this.children[i]!;
      i = (i + 1) & this.mask;
    }
  }

  set(parent: number, token: number, child: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    let i = this.slot(parent, token);
    for (;;) {
      const p = this.parents[i]!;
      if (p === -1) {
        this.parents[i] = parent;
        this.tokens[i] = token;
        this.children[i] = child;
        this.size++;
        return;
      }
      if (p === parent && this.tokens[i] === token) {
        this.children[i] = child;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const { parents, tokens, children } = this;
    const cap = (this.mask + 1) * 2;
    this.parents = new Int32Array(cap).fill(-1);
    this.tokens = new Int32Array(cap);
    this.children = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < parents.length; i++) {
      if (parents[i] !== -1) this.set(parents[i]!, tokens[i]!, children[i]!);
    }
  }

  get bytes(): number {
    return (this.mask + 1) * 12;
  }

  /** Calls `visit` with the parent node of every edge. */
  forEachParent(visit: (parent: number) => void): void {
    for (let i = 0; i < this.parents.length; i++)
      if (this.parents[i] !== -1) visit(this.parents[i]!);
  }

  /** The table's arrays, for a snapshot. */
  arrays(): { parents: Int32Array; tokens: Int32Array; children: Int32Array; size: number } {
    return { parents: this.parents, tokens: this.tokens, children: this.children, size: this.size };
  }

  /** A table over arrays from a snapshot (capacity a power of two). */
  static fromArrays(
    parents: Int32Array,
    tokens: Int32Array,
    children: Int32Array,
    size: number,
  ): EdgeTable {
    const table = new EdgeTable(1024);
    table.parents = parents;
    table.tokens = tokens;
    table.children = children;
    table.mask = parents.length - 1;
    table.size = size;
    return table;
  }
}
