import { childElements } from './dom.js';
import { matchSequences } from './diff.js';
import { nodeKey } from './keys.js';
import { tableRowElements } from './reader.js';
import { serialize } from './serialize.js';
import { innerRange, rangeOf } from './source.js';

import type { ChildNode, Element } from 'domhandler';
import type { Table, TableCell, TableRow } from 'mdast';
import type { Merger } from './merge.js';

/**
 * An edited table over the original one: rows lined up like blocks; an
 * unchanged row keeps its bytes, a changed row keeps its unchanged cells and
 * the tags (spans, colours, widths) of the cells it rewrites; the table's own
 * attributes and colgroup stay. Merged cells stay merged.
 */

const span = (value: string | undefined): number => {
  const number = Number(value);
  return Number.isInteger(number) && number > 1 ? Math.min(number, 100) : 1;
};

/** Each cell's column in the grid, laid out as table.ts lays out the Markdown table. */
function cellColumns(rows: Element[]): { cell: Element; column: number }[][] {
  const taken = rows.map((): boolean[] => []);
  return rows.map((row, rowIndex) => {
    let column = 0;
    return childElements(row).filter((cell) => cell.name === 'td' || cell.name === 'th').map((cell) => {
      while (taken[rowIndex]![column]) column += 1;
      const at = column;
      const colspan = span(cell.attribs['colspan']);
      for (let dy = 0; dy < span(cell.attribs['rowspan']) && rowIndex + dy < rows.length; dy += 1) {
        for (let dx = 0; dx < colspan; dx += 1) taken[rowIndex + dy]![at + dx] = true;
      }
      column += colspan;
      return { cell, column: at };
    });
  });
}

class TableMerge {
  constructor(private readonly merger: Merger) {}

  private slice(start: number, end: number): string {
    return this.merger.storage.slice(start, end);
  }

  private cellContent(original: Element | undefined, cell: TableCell | undefined): string {
    const content = this.merger.writer.inline(cell?.children ?? []) as ChildNode[];
    if (content.length === 0) return '';
    // Keep the original's habit: Cloud wraps cell text in <p>, older pages often do not.
    const paragraphs = original ? childElements(original)[0]?.name === 'p' : true;
    return paragraphs ? `<p>${serialize(content)}</p>` : serialize(content);
  }

  freshRow(row: TableRow, header: boolean): string {
    const tag = header ? 'th' : 'td';
    return `<tr>${row.children.map((cell) => `<${tag}>${this.cellContent(undefined, cell)}</${tag}>`).join('')}</tr>`;
  }

  changedRow(row: Element, cells: { cell: Element; column: number }[], original: TableRow, edited: TableRow): string | undefined {
    const inner = innerRange(row);
    const rowRange = rangeOf(row);
    if (!inner || !rowRange) return undefined;
    const out = [this.slice(rowRange.start, inner.start)];
    let cursor = inner.start;
    let lastColumn = -1;
    for (const { cell, column } of cells) {
      const range = rangeOf(cell);
      const cellInner = innerRange(cell);
      if (!range || range.start < cursor) return undefined;
      out.push(this.slice(cursor, range.start));
      const editedCell = edited.children[column];
      const originalCell = original.children[column];
      const unchanged = (editedCell ? nodeKey(editedCell) : '') === (originalCell ? nodeKey(originalCell) : '');
      if (unchanged || !cellInner) out.push(this.slice(range.start, range.end));
      else out.push(this.slice(range.start, cellInner.start), this.cellContent(cell, editedCell), this.slice(cellInner.end, range.end));
      cursor = range.end;
      lastColumn = Math.max(lastColumn, column + span(cell.attribs['colspan']) - 1);
    }
    // Columns the edit added after the original's last cell.
    const tag = cells[0]?.cell.name ?? 'td';
    for (const cell of edited.children.slice(lastColumn + 1)) out.push(`<${tag}>${this.cellContent(undefined, cell)}</${tag}>`);
    out.push(this.slice(cursor, rowRange.end));
    return out.join('');
  }

  merge(element: Element, original: Table, edited: Table): string | undefined {
    const rows = tableRowElements(element);
    const tableRange = rangeOf(element);
    if (!tableRange?.balanced || rows.length === 0 || rows.length !== original.children.length) return undefined;
    const columns = cellColumns(rows);
    const keys = new Map<string, number>();
    const id = (row: TableRow): number => {
      const key = nodeKey(row);
      if (!keys.has(key)) keys.set(key, keys.size);
      return keys.get(key)!;
    };
    const matches = matchSequences(original.children.map(id), edited.children.map(id));
    // What each original row becomes, and the new rows that follow it (index -1: before the first).
    const replacement: string[] = rows.map(() => '');
    const after = new Map<number, string[]>();
    const add = (index: number, text: string): void => {
      after.set(index, [...(after.get(index) ?? []), text]);
    };
    let originalNext = 0;
    let editedNext = 0;
    for (const [originalIndex, editedIndex] of [...matches, [rows.length, edited.children.length] as [number, number]]) {
      // A run of removed rows and a run of inserted ones: pair them in order.
      let position = originalNext - 1;
      while (originalNext < originalIndex || editedNext < editedIndex) {
        if (originalNext < originalIndex && editedNext < editedIndex) {
          const changed = this.changedRow(rows[originalNext]!, columns[originalNext]!, original.children[originalNext]!, edited.children[editedNext]!);
          replacement[originalNext] = changed ?? this.freshRow(edited.children[editedNext]!, editedNext === 0);
          position = originalNext;
          originalNext += 1;
          editedNext += 1;
        } else if (originalNext < originalIndex) {
          position = originalNext;
          originalNext += 1;
        } else {
          add(position, this.freshRow(edited.children[editedNext]!, editedNext === 0));
          editedNext += 1;
        }
      }
      if (originalIndex < rows.length) {
        const range = rangeOf(rows[originalIndex]!)!;
        replacement[originalIndex] = this.slice(range.start, range.end);
      }
      originalNext = originalIndex + 1;
      editedNext = editedIndex + 1;
    }
    const out = [this.slice(tableRange.start, rangeOf(rows[0]!)!.start), ...(after.get(-1) ?? [])];
    rows.forEach((row, index) => {
      const range = rangeOf(row)!;
      const next = rows[index + 1];
      const gapEnd = next ? rangeOf(next)!.start : tableRange.end;
      out.push(replacement[index]!, ...(after.get(index) ?? []), this.slice(range.end, gapEnd));
    });
    return out.join('');
  }
}

export function pairTable(merger: Merger, element: Element, original: Table, edited: Table): string | undefined {
  return new TableMerge(merger).merge(element, original, edited);
}
