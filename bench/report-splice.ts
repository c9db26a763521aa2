/** Rewriting one marked part of docs/BENCHMARKS.md when only its section was run. */

/** The document with the part between `start` and `end` replaced by `block` (or added before "Running it"). */
export function spliceMarked(document: string, start: string, end: string, block: string): string {
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from >= 0 && to > from) return document.slice(0, from) + block + document.slice(to + end.length);
  const running = document.indexOf('## Running it');
  if (running >= 0) return `${document.slice(0, running)}${block}\n\n${document.slice(running)}`;
  return `${document.trimEnd()}\n\n${block}\n`;
}
