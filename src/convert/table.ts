import { trimPhrasing } from './markdown.js';

import type { PhrasingContent, Table, TableRow } from 'mdast';

/** A table cell as the source describes it, before spans are laid out. */
export interface CellSpec {
  children: PhrasingContent[];
  colspan?: number;
  rowspan?: number;
}

function span(value: number | undefined): number {
  return value !== undefined && Number.isInteger(value) && value > 1 ? Math.min(value, 100) : 1;
}

/**
 * Builds a GFM table. The first row is always the header because GFM has no
 * headerless tables. Merged cells keep their content in the top-left slot and
 * leave the slots they cover empty, so columns stay aligned.
 */
export function table(rows: CellSpec[][]): Table | undefined {
  const grid = rows.map((): PhrasingContent[][] => []);
  rows.forEach((cells, rowIndex) => {
    let column = 0;
    for (const cell of cells) {
      while (grid[rowIndex]?.[column] !== undefined) column += 1;
      for (let dy = 0; dy < span(cell.rowspan) && rowIndex + dy < rows.length; dy += 1) {
        const row = grid[rowIndex + dy]!;
        for (let dx = 0; dx < span(cell.colspan); dx += 1) {
          row[column + dx] = dy === 0 && dx === 0 ? cell.children : [];
        }
      }
      column += span(cell.colspan);
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  if (width === 0) return undefined;
  const children: TableRow[] = grid.map((row) => ({
    type: 'tableRow',
    children: Array.from({ length: width }, (_, i) => ({ type: 'tableCell', children: trimPhrasing(row[i] ?? []) })),
  }));
  return { type: 'table', align: [], children };
}
