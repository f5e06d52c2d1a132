// Disjoint sets over dense integer ids, with path halving and union by size: near-constant time per operation,
// so grouping a million texts costs a million operations, never the pairs between them.

/** Union-find that grows as ids are added. */
export class UnionFind {
  private parent = new Int32Array(1024);
  private size = new Int32Array(1024);
  private count = 0;

  /** Adds a singleton and returns its id (0, 1, 2…). */
  add(): number {
    if (this.count === this.parent.length) {
      const parent = new Int32Array(this.count * 2);
      parent.set(this.parent);
      const size = new Int32Array(this.count * 2);
      size.set(this.size);
      this.parent = parent;
      this.size = size;
    }
    const id = this.count++;
    this.parent[id] = id;
    this.size[id] = 1;
    return id;
  }

  /** The representative of an id's set. */
  find(id: number): number {
    let x = id;
    while (this.parent[x] !== x) {
      const grand = this.parent[this.parent[x]!]!;
      this.parent[x] = grand;
      x = grand;
    }
    return x;
  }

  /** Joins two sets; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = this.size[ra]! + this.size[rb]!;
    return ra;
  }

  /** How many ids the set of this id holds. */
  sizeOf(id: number): number {
    return this.size[this.find(id)]!;
  }

  /** How many ids were added. */
  get length(): number {
    return this.count;
  }
}
