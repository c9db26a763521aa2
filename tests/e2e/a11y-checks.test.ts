/** The accessibility checks the browser test relies on do catch what they claim to. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, launchChromium } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function problemsOf(html: string, width = 1280): Promise<string[]> {
  const page = await browser.newPage({ viewport: { width, height: 600 } });
  await page.setContent(html);
  const problems = await accessibilityProblems(page);
  await page.close();
  return problems;
}

describe('accessibility checks', () => {
  it('pass on a clean page', async () => {
    const html =
      '<html lang="vi"><body><h1>Tiêu đề</h1><h2>Mục</h2><label for="a">Tên</label><input id="a"><svg role="img" aria-label="Biểu đồ"></svg></body></html>';
    expect(await problemsOf(html)).toEqual([]);
  });

  it('find a wrong language, two h1, a skipped heading level, an unlabelled input, a nameless SVG and button, duplicate ids', async () => {
    const html =
      '<html lang="en"><body><h1>A</h1><h1>B</h1><h3>C</h3><input name="x"><svg></svg><button></button><p id="d">1</p><p id="d">2</p></body></html>';
    const problems = (await problemsOf(html)).join('\n');
    expect(problems).toContain('html lang="en"');
    expect(problems).toContain('2 h1 elements');
    expect(problems).toContain('heading h3 after h1');
    expect(problems).toContain('unlabelled input name="x"');
    expect(problems).toContain('svg without title or aria-label');
    expect(problems).toContain('nameless button');
    expect(problems).toContain('id "d" used 2 times');
  });

  it('find low-contrast text and a page wider than a phone', async () => {
    const html =
      '<html lang="vi"><body><h1>A</h1><p style="color:#aaa">nhạt</p><div style="width:600px">rộng</div></body></html>';
    const problems = (await problemsOf(html, 360)).join('\n');
    expect(problems).toMatch(/contrast 2\.\d+:1 for "nhạt"/);
    expect(problems).toMatch(/page \d+px wide in a 360px viewport/);
  });
});
