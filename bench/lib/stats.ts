/** Order statistics of a sample (nearest-rank), rounded to 0.1. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round(sorted[index]! * 10) / 10;
}

export const median = (values: number[]) => quantile(values, 0.5);

/** A rough token estimate for English-and-JSON text: about four characters per token. */
export const tokens = (chars: number) => Math.round(chars / 4);
