import type { IsoDate } from './model.js';

/** dd/mm/yyyy, as Vietnamese documents write a date. */
export function formatDate(date: IsoDate | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
