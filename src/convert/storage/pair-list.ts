import { isTag } from 'domhandler';

import { childElements, findChild } from './dom.js';
import { matchSequences } from './diff.js';
import { nodeKey } from './keys.js';
import { serialize } from './serialize.js';
import { innerRange, rangeOf } from './source.js';

import type { ChildNode, Element } from 'domhandler';
import type { List, ListItem, RootContent } from 'mdast';
import type { Merger } from './merge.js';

/**
 * An edited list over the original one, item by item: unchanged items keep
 * their bytes; a changed item keeps its `<li>` and the untouched blocks
 * inside it; a task whose text did not change only gets its new status (its
 * id and body stay).
 */

/** The elements that became list items when the list was read (reader.ts, macros.ts). */
function itemElements(element: Element): Element[] {
  const items: Element[] = [];
  for (const child of childElements(element)) {
    if (element.name === 'ac:task-list') {
      if (child.name === 'ac:task') items.push(child);
    } else if (!((child.name === 'ul' || child.name === 'ol') && items.length > 0)) items.push(child);
  }
  return items;
}

class ListMerge {
  constructor(private readonly merger: Merger) {}

  private slice(start: number, end: number): string {
    return this.merger.storage.slice(start, end);
  }

  private freshItem(item: ListItem, task: boolean): string {
    const writer = this.merger.writer;
    return serialize(task ? writer.task(item) as ChildNode[] : [writer.listItemElement(item)]);
  }

  /** A changed item written over the original; `end` is where the original item's bytes stop. */
  private changedItem(element: Element, end: number, original: ListItem, edited: ListItem): string | undefined {
    const range = rangeOf(element);
    if (!range) return undefined;
    if (element.name === 'li') {
      const level = this.merger.read.ctx.itemLevels.get(element);
      const inner = innerRange(element);
      if (!level || !inner) return undefined;
      // Anything after </li> in the item's range is a list written outside it; the edited item has it inside.
      const gap = this.slice(range.end, end);
      return this.slice(range.start, inner.start) + this.merger.mergeLevel(level, edited.children as RootContent[])
        + this.slice(inner.end, range.end) + (gap.trim() === '' ? gap : '');
    }
    const [originalBody, ...originalRest] = original.children;
    const [editedBody, ...editedRest] = edited.children;
    const status = findChild(element, 'ac:task-status');
    const body = findChild(element, 'ac:task-body');
    const statusInner = status && innerRange(status);
    const bodyInner = body && innerRange(body);
    if (!statusInner || !bodyInner || statusInner.end > bodyInner.start) return undefined;
    const sameBody = (originalBody ? nodeKey(originalBody) : '') === (editedBody ? nodeKey(editedBody) : '');
    const newBody = sameBody ? this.slice(bodyInner.start, bodyInner.end)
      : serialize(editedBody?.type === 'paragraph' ? this.merger.writer.inline(editedBody.children) as ChildNode[] : []);
    const task = this.slice(range.start, statusInner.start) + (edited.checked === true ? 'complete' : 'incomplete')
      + this.slice(statusInner.end, bodyInner.start) + newBody + this.slice(bodyInner.end, range.end);
    const sameRest = originalRest.map(nodeKey).join('\n') === editedRest.map(nodeKey).join('\n');
    if (sameRest) return task + this.slice(range.end, end);
    // A changed sub-list: merged item by item when it is one list on both sides.
    const sublists = this.followingTaskLists(element, end);
    const [originalList] = originalRest;
    const [editedList] = editedRest;
    if (sublists.length === 1 && originalRest.length === 1 && editedRest.length === 1 && originalList?.type === 'list' && editedList?.type === 'list') {
      const nestedRange = rangeOf(sublists[0]!)!;
      const merged = pairList(this.merger, sublists[0]!, originalList, editedList);
      if (merged !== undefined) return task + this.slice(range.end, nestedRange.start) + merged + this.slice(nestedRange.end, end);
    }
    const nested = editedRest.flatMap((child) => (child.type === 'list' ? [this.merger.writer.taskList(child)] : []));
    return task + serialize(nested as ChildNode[]);
  }

  /** The task lists written right after a task (its sub-tasks), up to `end`. */
  private followingTaskLists(task: Element, end: number): Element[] {
    const found: Element[] = [];
    for (let node = task.next; node; node = node.next) {
      if (!isTag(node)) continue;
      if (rangeOf(node)!.start >= end) break;
      if (node.name === 'ac:task-list') found.push(node);
    }
    return found;
  }

  merge(element: Element, original: List, edited: List): string | undefined {
    const task = element.name === 'ac:task-list';
    const items = itemElements(element);
    const listRange = rangeOf(element);
    const inner = innerRange(element);
    if (!listRange?.balanced || !inner || items.length === 0 || items.length !== original.children.length) return undefined;
    const starts = items.map((item) => rangeOf(item)!.start);
    const endOf = (index: number): number => starts[index + 1] ?? inner.end;
    const keys = new Map<string, number>();
    const id = (item: ListItem): number => {
      const key = nodeKey(item);
      if (!keys.has(key)) keys.set(key, keys.size);
      return keys.get(key)!;
    };
    const matches = matchSequences(original.children.map(id), edited.children.map(id));
    const out = [this.slice(listRange.start, starts[0]!)];
    let originalNext = 0;
    let editedNext = 0;
    for (const [originalIndex, editedIndex] of [...matches, [items.length, edited.children.length] as [number, number]]) {
      while (originalNext < originalIndex || editedNext < editedIndex) {
        if (originalNext < originalIndex && editedNext < editedIndex) {
          const changed = this.changedItem(items[originalNext]!, endOf(originalNext), original.children[originalNext]!, edited.children[editedNext]!);
          out.push(changed ?? this.freshItem(edited.children[editedNext]!, task));
          originalNext += 1;
          editedNext += 1;
        } else if (originalNext < originalIndex) originalNext += 1;
        else {
          out.push(this.freshItem(edited.children[editedNext]!, task));
          editedNext += 1;
        }
      }
      if (originalIndex < items.length) out.push(this.slice(starts[originalIndex]!, endOf(originalIndex)));
      originalNext = originalIndex + 1;
      editedNext = editedIndex + 1;
    }
    out.push(this.slice(inner.end, listRange.end));
    return out.join('');
  }
}

export function pairList(merger: Merger, element: Element, original: List, edited: List): string | undefined {
  const task = element.name === 'ac:task-list';
  const editedTask = edited.children.some((item) => typeof item.checked === 'boolean');
  if (task !== editedTask || (!task && (element.name === 'ol') !== Boolean(edited.ordered))) return undefined;
  return new ListMerge(merger).merge(element, original, edited);
}
