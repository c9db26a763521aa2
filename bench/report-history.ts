/**
 * Before-and-after notes of docs/BENCHMARKS.md (written by hand when a change moves a figure) live
 * between these markers; a new run of the benchmark keeps them, before "## Running it".
 */
const HISTORY_START = '<!-- history:start -->';
const HISTORY_END = '<!-- history:end -->';

export function keepHistory(previous: string | null, generated: string): string {
  if (!previous) return generated;
  const start = previous.indexOf(HISTORY_START);
  const end = previous.indexOf(HISTORY_END);
  if (start < 0 || end < start) return generated;
  const block = previous.slice(start, end + HISTORY_END.length);
  const running = generated.indexOf('## Running it');
  if (running < 0) return `${generated.trimEnd()}\n\n${block}\n`;
  return `${generated.slice(0, running)}${block}\n\n${generated.slice(running)}`;
}
