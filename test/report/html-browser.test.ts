// The HTML report in a real browser: playwright-core driving Debian's chromium (.ci/run installs
// it). The page loads from disk without console errors, the treemap shows the largest
// directory, clicking zooms, a finding lights up its files. Screenshots go to test/artifacts/
// (ignored by git). Skipped, saying why, only where chromium is not installed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { renderHtml } from '../../src/report/html.js';
import { copyScenario, REPO } from '../checks/helpers.js';
import { tempDir } from '../helpers/make-tree.js';

const CANDIDATES = [process.env.BUILDCTX_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (p): p is string => p !== undefined && p !== '',
);
const chromiumPath = CANDIDATES.find((p) => fs.existsSync(p));
const ARTIFACTS = path.join(REPO, 'test/artifacts');

if (chromiumPath === undefined) {
  console.warn(
    `HTML browser tests skipped: no chromium at ${CANDIDATES.join(', ')} (Debian: apt-get install chromium; .ci/run installs it)`,
  );
}

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;

describe.skipIf(chromiumPath === undefined)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let largestTop = '';

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      timeout: 150_000,
    });
    const report = await analyze({ context: copyScenario('mac-venv'), tree: true });
    largestTop = report.tree!.children![0]!.path;
    const file = path.join(tempDir(), 'report.html');
    fs.writeFileSync(file, renderHtml(report));
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request: ${r.url()}`));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('loads from disk with no console errors and no requests', async () => {
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-mac-venv.png') });
  });

  test('the treemap shows the largest directory, labelled', async () => {
    expect(largestTop).toBe('.venv');
    const box = page.locator(`#map .box.top[data-path="${largestTop}"]`);
    await expect(box.count()).resolves.toBe(1);
    await expect(box.locator(':scope > .label').textContent()).resolves.toMatch(/^\.venv \d/);
  });

  test('clicking a box zooms into it and tells why it is sent', async () => {
    await page.locator('#map .box.top[data-path=".venv"]').click({ position: { x: 5, y: 5 } });
    await expect(page.locator('#crumbs').textContent()).resolves.toMatch(/› \.venv\/$/);
    const paths = await page
      .locator('#map .box')
      .evaluateAll((boxes) => boxes.map((b) => b.getAttribute('data-path') ?? ''));
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p === '' || p.startsWith('.venv/')).toBe(true);
    await expect(page.locator('#details').textContent()).resolves.toMatch(/sent and copied into the image/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-mac-venv-zoomed.png') });
    await page.locator('#crumbs button').first().click();
    await expect(page.locator('#crumbs button').count()).resolves.toBe(1);
  });

  test('clicking a finding lights up its files', async () => {
    const item = page.locator('#findings li', { hasText: 'macos-litter' });
    await item.click();
    await expect(
      page.locator('#map .box.hl').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('data-path'))),
    ).resolves.toEqual(['.DS_Store']);
    await expect(item.getAttribute('class')).resolves.toBe('active');
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-mac-venv-finding.png') });
  });
});
