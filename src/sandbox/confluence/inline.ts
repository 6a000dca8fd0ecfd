import { Parser } from 'htmlparser2';

// Where an inline comment's highlighted text is in a page body. Confluence counts the occurrences of the
// selection in the page's visible text and wants the caller's count to match, then wraps the chosen one in
// <ac:inline-comment-marker>. Positions come from the parser, so markup and code bodies are never matched.

const INVISIBLE = new Set(['ac:parameter', 'ac:plain-text-body', 'ac:task-id', 'ac:task-status']);

/** Start offsets (in the storage string) of each occurrence of `selection` inside one text node. */
export function selectionOffsets(storage: string, selection: string): number[] {
  const offsets: number[] = [];
  const open: string[] = [];
  let inCdata = false;
  const parser = new Parser({
    onopentagname: (name) => open.push(name),
    onclosetag: () => open.pop(),
    oncdatastart: () => (inCdata = true),
    oncdataend: () => (inCdata = false),
    ontext: (text) => {
      if (inCdata || open.some((name) => INVISIBLE.has(name))) return;
      const start = parser.startIndex;
      for (let at = text.indexOf(selection); at >= 0; at = text.indexOf(selection, at + selection.length)) offsets.push(start + at);
    },
  }, { xmlMode: true, recognizeCDATA: true, decodeEntities: false });
  parser.write(storage);
  parser.end();
  return offsets;
}

/** The body with occurrence `index` of `selection` wrapped in an inline comment marker. */
export function insertMarker(storage: string, offset: number, selection: string, ref: string): string {
  return `${storage.slice(0, offset)}<ac:inline-comment-marker ac:ref="${ref}">${selection}</ac:inline-comment-marker>${storage.slice(offset + selection.length)}`;
}
