/** Helpers of the browser tests: the real app on a free port, Chromium, screenshots, accessibility checks. */
import { mkdirSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { generateLocalKeys, localVerifier, signLocalToken } from '../../shared/adapters/auth/local-keys.js';
import { FixedClock } from '../../shared/adapters/clock/clocks.js';
import { LocalFileStore } from '../../shared/adapters/files/local-file-store.js';
import { OutboxMailer } from '../../shared/adapters/mail/outbox-mailer.js';
import { buildDeps } from '../../shared/deps.js';
import { createApp } from '../../shared/http/app.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';
import { createTestTable } from '../support/table.js';

export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** createApp + buildDeps on a fresh DynamoDB Local table, served by @hono/node-server on a free port. */
export async function startServer(now: string) {
  const { client, tableName } = await createTestTable();
  const clock = new FixedClock(new Date(now));
  const keys = await generateLocalKeys();
  const deps = buildDeps({
    client,
    tableName,
    clock,
    verifier: localVerifier(keys),
    mailer: new OutboxMailer(mkdtempSync(join(tmpdir(), 'e2e-outbox-'))),
    scheduler: new RecordingScheduler(),
    files: new LocalFileStore(mkdtempSync(join(tmpdir(), 'e2e-files-')), () => clock.now()),
    web: { signIn: 'local', signLocalToken: (claims) => signLocalToken(keys, claims) },
  });
  const app = createApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  deps.settings.publicBaseUrl = baseUrl;
  return {
    deps,
    clock,
    baseUrl,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Basic, axe-style checks of the page: lang="vi", one h1, headings in order, every form control
 * labelled, images and SVG named, no nameless links or buttons, unique ids, text contrast (WCAG AA),
 * nothing wider than the viewport.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Runs in the page; a string, since this project's TypeScript has no DOM types.
  return (await page.evaluate(A11Y_SCRIPT)) as string[];
}

const A11Y_SCRIPT = `(() => {
  const problems = [];
  if (document.documentElement.lang !== 'vi') problems.push('html lang="' + document.documentElement.lang + '"');
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(h1 + ' h1 elements');
  let previous = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(h.tagName[1]);
    if ((previous === 0 && level !== 1) || level > previous + 1) problems.push('heading h' + level + ' after h' + previous + ': "' + h.textContent.trim() + '"');
    previous = level;
  }
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button'].includes(el.type)) continue;
    const byFor = el.id ? document.querySelector('label[for="' + CSS.escape(el.id) + '"]') : null;
    const wrap = el.closest('label');
    const named = (byFor && byFor.textContent.trim()) || (wrap && wrap.textContent.trim()) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (!named) problems.push('unlabelled ' + el.tagName.toLowerCase() + ' name="' + el.name + '"');
  }
  for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) problems.push('img without alt: ' + img.src);
  for (const svg of document.querySelectorAll('svg')) {
    const title = svg.querySelector('title');
    const named = svg.getAttribute('aria-label') || (title && title.textContent.trim()) || svg.getAttribute('aria-hidden') === 'true';
    if (!named) problems.push('svg without title or aria-label');
  }
  for (const el of document.querySelectorAll('a[href], button, summary')) {
    if (!(el.textContent.trim() || el.getAttribute('aria-label'))) problems.push('nameless ' + el.tagName.toLowerCase());
  }
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push('id "' + id + '" used ' + n + ' times');
  // Text contrast (WCAG AA): 4.5:1, or 3:1 for large text (24px, or 18.66px bold).
  const rgb = (c) => { if (!c.startsWith('rgb')) return null; const v = c.slice(c.indexOf('(') + 1, c.indexOf(')')).split(',').map(Number); return { r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1 }; };
  const lum = (c) => { const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
  const seen = new Set();
  for (const el of document.querySelectorAll('body *')) {
    if (!Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || el.closest('[hidden], .visually-hidden, svg') || el.getClientRects().length === 0) continue;
    const fg = rgb(style.color);
    if (!fg) continue;
    const bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      const key = style.color + '/' + JSON.stringify(bg);
      if (!seen.has(key)) { seen.add(key); problems.push('contrast ' + ratio.toFixed(2) + ':1 for "' + el.textContent.trim().slice(0, 40) + '"'); }
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push('page ' + document.documentElement.scrollWidth + 'px wide in a ' + window.innerWidth + 'px viewport');
  }
  return problems;
})()`;

/** Checks the page at phone and desktop widths and saves a full-page screenshot of each. */
export async function capture(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const problems: string[] = [];
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
    problems.push(...(await accessibilityProblems(page)).map((p) => `${width}px: ${p}`));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  // Let the page lay out again at the desktop width before the test clicks anything.
  await page.evaluate(
    'window.scrollTo(0, 0); new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
  );
  if (problems.length) throw new Error(`${name} (${page.url()}): ${problems.join('; ')}`);
}

/** Does something that loads a new page (a link, a form) and waits for that page. */
export async function navigate(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
}

/** Signs in on the local sign-in page as the user of that name. */
export async function signInAs(page: Page, baseUrl: string, unitId: string, userName: string): Promise<void> {
  await page.goto(`${baseUrl}/signin?unit=${unitId}`);
  await navigate(page, () =>
    page.locator('button', { has: page.locator(`span:text-is("${userName}")`) }).click(),
  );
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}
