/**
 * Myers' O(ND) difference algorithm, in its linear-space form (find the
 * middle of an optimal path, split there, repeat on both halves), over
 * arrays of integers. No diff library is installed; this is the standard
 * algorithm and small. Used for the Markdown diff between page versions and
 * to line up edited blocks with the original ones.
 */

// Beyond this much work the rest is reported as replaced rather than diffed
// finely: a worst case (two unrelated 1 MB texts) stays well under a second.
const WORK_LIMIT = 50_000_000;

interface Range {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

class Differ {
  private work = 0;
  readonly matches: [number, number][] = [];

  constructor(private readonly a: ArrayLike<number>, private readonly b: ArrayLike<number>) {}

  run(): [number, number][] {
    const stack: Range[] = [{ aStart: 0, aEnd: this.a.length, bStart: 0, bEnd: this.b.length }];
    while (stack.length > 0) {
      const range = stack.pop()!;
      let { aStart, aEnd, bStart, bEnd } = range;
      while (aStart < aEnd && bStart < bEnd && this.a[aStart] === this.b[bStart]) {
        this.matches.push([aStart, bStart]);
        aStart += 1;
        bStart += 1;
      }
      while (aEnd > aStart && bEnd > bStart && this.a[aEnd - 1] === this.b[bEnd - 1]) {
        aEnd -= 1;
        bEnd -= 1;
        this.matches.push([aEnd, bEnd]);
      }
      if (aStart === aEnd || bStart === bEnd) continue;
      const split = this.middle(aStart, aEnd, bStart, bEnd);
      if (!split) continue;
      stack.push({ aStart, aEnd: split[0], bStart, bEnd: split[1] });
      stack.push({ aStart: split[0], aEnd, bStart: split[1], bEnd });
    }
    return this.matches.sort((left, right) => left[0] - right[0]);
  }

  /** The furthest x on diagonal k after d edits, from its neighbours; -1 when unreachable. */
  private step(reach: Int32Array, index: number, k: number, d: number): number {
    const down = reach[index + 1]!;
    const right = reach[index - 1]!;
    if (k === -d || (k !== d && right < down)) return down;
    return right < 0 ? -1 : right + 1;
  }

  /** A point on an optimal path through the range, found from both ends at once; undefined if none is shared. */
  private middle(aStart: number, aEnd: number, bStart: number, bEnd: number): [number, number] | undefined {
    const { a, b } = this;
    const n = aEnd - aStart;
    const m = bEnd - bStart;
    const maxD = Math.ceil((n + m) / 2);
    const offset = maxD + 1;
    const size = 2 * maxD + 3;
    const forward = new Int32Array(size).fill(-1);
    const backward = new Int32Array(size).fill(-1);
    forward[offset + 1] = 0;
    backward[offset + 1] = 0;
    const delta = n - m;
    const odd = delta % 2 !== 0;
    for (let d = 0; d <= maxD; d += 1) {
      this.work += 2 * d + 1;
      if (this.work > WORK_LIMIT) return undefined;
      for (let k = -d; k <= d; k += 2) {
        const index = offset + k;
        let x = this.step(forward, index, k, d);
        let y = x - k;
        if (x < 0 || x > n || y < 0 || y > m) {
          forward[index] = -1;
          continue;
        }
        while (x < n && y < m && a[aStart + x] === b[bStart + y]) {
          x += 1;
          y += 1;
        }
        forward[index] = x;
        const mirror = offset + (delta - k);
        if (odd && mirror >= 0 && mirror < size && backward[mirror]! >= 0 && x + backward[mirror]! >= n) {
          return [aStart + x, bStart + y];
        }
      }
      for (let k = -d; k <= d; k += 2) {
        const index = offset + k;
        let x = this.step(backward, index, k, d);
        let y = x - k;
        if (x < 0 || x > n || y < 0 || y > m) {
          backward[index] = -1;
          continue;
        }
        while (x < n && y < m && a[aEnd - 1 - x] === b[bEnd - 1 - y]) {
          x += 1;
          y += 1;
        }
        backward[index] = x;
        const mirror = offset + (delta - k);
        if (!odd && mirror >= 0 && mirror < size && forward[mirror]! >= 0 && x + forward[mirror]! >= n) {
          return [aEnd - x, bEnd - y];
        }
      }
    }
    return undefined;
  }
}

/** Pairs [i, j] with a[i] === b[j] forming a longest common subsequence, in order. */
export function matchSequences(a: ArrayLike<number>, b: ArrayLike<number>): [number, number][] {
  return new Differ(a, b).run();
}

export interface DiffLabels {
  from?: string;
  to?: string;
  /** Unchanged lines shown around each change; 3 like `diff -u`. */
  context?: number;
}

function intern(lines: string[], table: Map<string, number>): Int32Array {
  const out = new Int32Array(lines.length);
  lines.forEach((line, index) => {
    let id = table.get(line);
    if (id === undefined) {
      id = table.size;
      table.set(line, id);
    }
    out[index] = id;
  });
  return out;
}

type Op = { kind: ' ' | '-' | '+'; line: string; old: number; new: number };

function range(start: number, length: number): string {
  // `diff -u` names the line before an empty range, and omits a length of 1.
  const first = length === 0 ? start : start + 1;
  return length === 1 ? `${first}` : `${first},${length}`;
}

/** A unified diff (`diff -u` format) of two texts, line by line; '' when they are equal. */
export function unifiedDiff(oldText: string, newText: string, labels: DiffLabels = {}): string {
  if (oldText === newText) return '';
  const oldLines = oldText.split('\n');
  const newLines = newText.split('\n');
  const table = new Map<string, number>();
  const matches = matchSequences(intern(oldLines, table), intern(newLines, table));
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matches, [oldLines.length, newLines.length] as [number, number]]) {
    while (i < mi) ops.push({ kind: '-', line: oldLines[i]!, old: i++, new: j });
    while (j < mj) ops.push({ kind: '+', line: newLines[j]!, old: i, new: j++ });
    if (mi < oldLines.length) ops.push({ kind: ' ', line: oldLines[i]!, old: i++, new: j++ });
  }
  const context = Math.max(0, labels.context ?? 3);
  const out = [`--- ${labels.from ?? 'a'}`, `+++ ${labels.to ?? 'b'}`];
  let index = 0;
  while (index < ops.length) {
    while (index < ops.length && ops[index]!.kind === ' ') index += 1;
    if (index >= ops.length) break;
    let start = Math.max(0, index - context);
    while (start > 0 && ops[start - 1]!.kind !== ' ') start -= 1;
    let end = index;
    // Extend while the next change is close enough to share the context.
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== ' ') end += 1;
      let gap = end;
      while (gap < ops.length && ops[gap]!.kind === ' ') gap += 1;
      if (gap < ops.length && gap - end <= 2 * context) end = gap;
      else {
        end = Math.min(ops.length, end + context);
        break;
      }
    }
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${range(hunk[0]!.old, oldCount)} +${range(hunk[0]!.new, newCount)} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    index = end;
  }
  return out.join('\n');
}
