// The HTML report in a real browser: playwright-core driving Debian's chromium (.ci/run installs
// it). The page loads from disk without console errors, the treemap shows the largest
// directory, clicking zooms, a finding lights up its files. Screenshots go to test/artifacts/
// (ignored by git). Skipped, saying why, only where chromium is not installed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { applyBaseline, parseBaseline } from '../../src/guard/guard.js';
import { renderHtml } from '../../src/report/html.js';
import { copyScenario, REPO } from '../checks/helpers.js';
import { makeTree, tempDir } from '../helpers/make-tree.js';

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

  describe('with --baseline: growth on the map', () => {
    let growthPage: Page;
    const growthProblems: string[] = [];

    beforeAll(async () => {
      // Baseline: src/ of five 10 kB files, vendor/ of two. Now: every src file doubled (src/
      // is named, more than three of its children changed), assets/ added, vendor/old.js removed.
      const files = (n: number, size: number, dir: string) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`${dir}/f${i}.js`, { size }]));
      const dir = makeTree({
        Dockerfile: 'FROM scratch\nCOPY . /app\n',
        ...files(5, 10_000, 'src'),
        'vendor/lib.js': { size: 30_000 },
        'vendor/old.js': { size: 4_000 },
      });
      const before = await analyze({ context: dir, pathSizes: 'rolled' });
      const baseline = parseBaseline(JSON.stringify(before), 'main.json');
      makeTree({ ...files(5, 20_000, 'src'), ...files(3, 15_000, 'assets') }, dir);
      fs.rmSync(path.join(dir, 'vendor/old.js'));
      const now = await analyze({ context: dir, tree: true, pathSizes: 'rolled' });
      const report = applyBaseline(now, baseline, { file: 'main.json' });
      expect(report.baseline!.paths.map((c) => `${c.status} ${c.path}`)).toEqual([
        'grown src',
        'added assets',
        'removed vendor/old.js',
      ]);
      const file = path.join(tempDir(), 'growth.html');
      fs.writeFileSync(file, renderHtml(report));
      growthPage = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      growthPage.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') growthProblems.push(`${m.type()}: ${m.text()}`);
      });
      growthPage.on('pageerror', (e) => growthProblems.push(`pageerror: ${e.message}`));
      growthPage.on('requestfailed', (r) => growthProblems.push(`request: ${r.url()}`));
      await growthPage.goto(pathToFileURL(file).href);
      await growthPage.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    });

    test('the grown and the added directory carry the growth mark; the legend says what marks mean', async () => {
      expect(growthProblems).toEqual([]);
      const marked = await growthPage
        .locator('#map .box.top')
        .evaluateAll((boxes) =>
          boxes.map(
            (b) => `${b.getAttribute('data-path')} ${[...b.classList].filter((c) => c.startsWith('g-')).join(' ')}`,
          ),
        );
      // The Dockerfile did not change: no mark.
      expect(marked.sort()).toEqual(['Dockerfile ', 'assets g-added', 'src g-grown', 'vendor g-removed']);
      const badges = await growthPage
        .locator('#map .box.top > .badge')
        .evaluateAll((els) => els.map((b) => `${b.parentElement!.getAttribute('data-path')}: ${b.textContent}`));
      expect(badges.sort()).toEqual(['assets: added +45kB', 'src: grown +50kB', 'vendor: removed -4kB']);
      const legend = await growthPage.locator('#legend').textContent();
      expect(legend).toContain('added since the baseline (1)');
      expect(legend).toContain('grown since the baseline (1)');
      expect(legend).toContain('holds paths removed since the baseline (see its details) (1)');
      await growthPage.screenshot({ path: path.join(ARTIFACTS, 'html-growth.png') });
    });

    test('clicking a growth row selects its box; the details give the baseline bytes and the delta', async () => {
      await growthPage.locator('#growth li[data-change="0"]').click();
      await expect(
        growthPage.locator('#map .box.hl').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('data-path'))),
      ).resolves.toEqual(['src']);
      await expect(growthPage.locator('#details .since').first().textContent()).resolves.toBe(
        'Since the baseline: 50kB then, 100kB now (+50kB, grown).',
      );
      // A removed path has no box: its directory's details name it.
      await growthPage.locator('#growth li[data-change="2"]').click();
      await expect(growthPage.locator('#map .box.sel').getAttribute('data-path')).resolves.toBe('vendor');
      await expect(growthPage.locator('#details').textContent()).resolves.toContain(
        'Removed since the baseline:vendor/old.js (4kB then)',
      );
      expect(growthProblems).toEqual([]);
      await growthPage.screenshot({ path: path.join(ARTIFACTS, 'html-growth-removed.png') });
    });
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
