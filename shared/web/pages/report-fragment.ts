import type { AppDeps } from '../../http/env.js';

/**
 * The report HTML shared with the email, made fit for a page of the app: item links point to this
 * site's item page (the email's absolute links may name another host), and the fragment is split after
 * its <h1> so the page can put its own controls under the title (one h1 per page).
 */
export function reportFragmentForPage(deps: AppDeps, fragment: string): { head: string; rest: string } {
  const base = deps.settings.publicBaseUrl.replace(/\/+$/, '');
  const html = fragment
    .split(`${base}/recommendations/`)
    .join('/items/')
    .split(`${base}/items/`)
    .join('/items/');
  const end = html.indexOf('</h1>');
  if (end < 0) return { head: '<h1>Báo cáo</h1>', rest: html };
  return { head: html.slice(0, end + 5), rest: html.slice(end + 5) };
}
