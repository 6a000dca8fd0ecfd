/** Validated access to ADF nodes, whose shape is only ever a hope. */

/** An ADF node after validation: missing pieces become empty, never undefined. */
export interface ParsedNode {
  type: string;
  attrs: Record<string, unknown>;
  content: unknown[];
  marks: unknown[];
  text: string | undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asNode(value: unknown): ParsedNode | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  return {
    type: value.type,
    attrs: isRecord(value.attrs) ? value.attrs : {},
    content: Array.isArray(value.content) ? value.content : [],
    marks: Array.isArray(value.marks) ? value.marks : [],
    text: typeof value.text === 'string' ? value.text : undefined,
  };
}

/** A non-empty string attribute; finite numbers (timestamps, ids) as strings. */
export function attr(node: ParsedNode, name: string): string | undefined {
  const value = node.attrs[name];
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}
