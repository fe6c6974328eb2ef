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
 * the token trie in one flat array of (parent, token, child) triples instead of
 * millions of Map entries; a probe reads one triple, mostly one cache line.
 */
export class EdgeTable {
  /** Triples; parent -1 marks an empty slot. */
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    let cap = 1024;
    while (cap < capacity) cap *= 2;
    this.slots = EdgeTable.empty(cap);
    this.mask = cap - 1;
  }

  private static empty(cap: number): Int32Array {
    const slots = new Int32Array(cap * 3);
    for (let i = 0; i < slots.length; i += 3) slots[i] = -1;
    return slots;
  }

  private slot(parent: number, token: number): number {
    let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(token + 0x632be5ab, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h & this.mask;
  }

  get(parent: number, token: number): number {
    const slots = this.slots;
    for (let i = this.slot(parent, token); ; i = (i + 1) & this.mask) {
      const p = slots[3 * i]!;
      if (p === -1) return -1;
      if (p === parent && slots[3 * i + 1] === token) return slots[3 * i + 2]!;
    }
  }

  set(parent: number, token: number, child: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const slots = this.slots;
    for (let i = this.slot(parent, token); ; i = (i + 1) & this.mask) {
      const p = slots[3 * i]!;
      if (p === -1) {
        slots[3 * i] = parent;
        slots[3 * i + 1] = token;
        slots[3 * i + 2] = child;
        this.size++;
        return;
      }
      if (p === parent && slots[3 * i + 1] === token) {
        slots[3 * i + 2] = child;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = EdgeTable.empty(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 3) {
      if (old[i] !== -1) this.set(old[i]!, old[i + 1]!, old[i + 2]!);
    }
  }

  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Calls `visit` with the parent node of every edge. */
  forEachParent(visit: (parent: number) => void): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 3) if (slots[i] !== -1) visit(slots[i]!);
  }

  /** The table's triples, for a snapshot. */
  arrays(): { slots: Int32Array; size: number } {
    return { slots: this.slots, size: this.size };
  }

  /** A table over triples from a snapshot (capacity a power of two). */
  static fromSlots(slots: Int32Array, size: number): EdgeTable {
    const table = new EdgeTable(1024);
    table.slots = slots;
    table.mask = slots.length / 3 - 1;
    table.size = size;
    return table;
  }

  /** A table over the three arrays of a snapshot written before the triples. */
  static fromArrays(
    parents: Int32Array,
    tokens: Int32Array,
    children: Int32Array,
    size: number,
  ): EdgeTable {
    const slots = new Int32Array(parents.length * 3);
    for (let i = 0; i < parents.length; i++) {
      slots[3 * i] = parents[i]!;
      slots[3 * i + 1] = tokens[i]!;
      slots[3 * i + 2] = children[i]!;
    }
    return EdgeTable.fromSlots(slots, size);
  }
}
