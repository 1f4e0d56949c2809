// The documentation stays navigable and true: one page per check and per command, every data
// field a check emits named on its page, docs URLs that point at those pages, and no broken
// relative link in README.md or docs/. Each failure says which file to add or fix.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { checkDocsUrl, checks } from '../src/analyze/registry.js';
import { commands } from '../src/cli/commands.js';

const ROOT = path.join(import.meta.dirname, '..');
const DOCS = path.join(ROOT, 'docs');
const IDS = checks.map((c) => c.meta.id);

function read(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
}

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? markdownFiles(p) : d.name.endsWith('.md') ? [p] : [];
  });
}

/**
 * Property names of every `data: { … }` object literal in a check's source, including those of
 * conditional spreads (`...(change !== null ? { dockerfileChange: change } : {})`).
 */
function dataFields(id: string): string[] {
  const file = path.join(ROOT, 'src/checks', `${id}.ts`);
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names = new Set<string>();
  const addLiteral = (literal: ts.ObjectLiteralExpression): void => {
    for (const p of literal.properties) {
      if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name !== undefined)
        names.add(p.name.getText(source).replace(/^['"]|['"]$/g, ''));
      else if (ts.isSpreadAssignment(p)) {
        const inSpread = (node: ts.Node): void => {
          if (ts.isObjectLiteralExpression(node)) addLiteral(node);
          else ts.forEachChild(node, inSpread);
        };
        inSpread(p.expression);
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText(source) === 'data' &&
      ts.isObjectLiteralExpression(node.initializer)
    )
      addLiteral(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...names].sort();
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const out = new Set<string>();
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fence = !fence;
    const m = !fence && /^#{1,6} (.*)$/.exec(line);
    if (m)
      out.add(
        m[1]!
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, '')
          .replace(/\s/g, '-'),
      );
  }
  return out;
}

describe('docs/checks/', () => {
  test.for(IDS)(
    '%s has a page docs/checks/<id>.md with what, a bad and a good example, severity and how to disable it',
    (id) => {
      const rel = `docs/checks/${id}.md`;
      expect(fs.existsSync(path.join(ROOT, rel)), `add ${rel} for the check "${id}"`).toBe(true);
      const page = read(rel);
      expect(page.startsWith(`# \`${id}\``), `${rel} starts with "# \`${id}\`"`).toBe(true);
      for (const part of [/Bad/, /Good/, /Severity/, new RegExp(`--disable ${id}`)])
        expect(page, `${rel} needs ${part}`).toMatch(part);
    },
  );

  test.for(IDS)('%s: every data field it emits is named on its page', (id) => {
    const page = fs.existsSync(path.join(DOCS, 'checks', `${id}.md`)) ? read(`docs/checks/${id}.md`) : '';
    const missing = dataFields(id).filter((field) => !page.includes(`\`${field}\``));
    expect(missing, `name these data fields of "${id}" in docs/checks/${id}.md (as \`field\`)`).toEqual([]);
  });

  test.for(IDS)('%s: every data field its page lists under "## Data" is one it emits', (id) => {
    const page = fs.existsSync(path.join(DOCS, 'checks', `${id}.md`)) ? read(`docs/checks/${id}.md`) : '';
    const section = page.split('\n## Data\n')[1]?.split('\n## ')[0];
    expect(section, `docs/checks/${id}.md needs a "## Data" section`).toBeDefined();
    // Field names are the backticked words outside parentheses (inside them: values, examples).
    const names = (section ?? '').replace(/\([^)]*\)/g, '');
    const listed = [...names.matchAll(/`(\w+)`/g)].map((m) => m[1]!).filter((name) => name !== 'data');
    const emitted = new Set(dataFields(id));
    expect(
      listed.filter((field) => !emitted.has(field)),
      `src/checks/${id}.ts emits no such data field: fix docs/checks/${id}.md`,
    ).toEqual([]);
  });

  test('every page is a registered check (or the index)', () => {
    const pages = fs.readdirSync(path.join(DOCS, 'checks')).filter((f) => f !== 'README.md');
    const orphans = pages.filter((f) => !IDS.includes(f.replace(/\.md$/, '')));
    expect(orphans, 'these pages document no registered check: rename or remove them').toEqual([]);
  });

  test('the index links every check', () => {
    const index = read('docs/checks/README.md');
    expect(
      IDS.filter((id) => !index.includes(`(${id}.md)`)),
      'link these from docs/checks/README.md',
    ).toEqual([]);
  });

  test.for(IDS)('%s: its docs URL (SARIF helpUri, Markdown links) is its page in the repository', (id) => {
    const pkg = JSON.parse(read('package.json')) as { repository: { url: string } };
    const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(checkDocsUrl(id)).toBe(`${repo}/blob/main/docs/checks/${id}.md`);
  });
});

describe('docs/commands/', () => {
  test.for(Object.keys(commands))('%s has a page docs/commands/<command>.md', (name) => {
    expect(
      fs.existsSync(path.join(DOCS, 'commands', `${name}.md`)),
      `add docs/commands/${name}.md for the command "${name}"`,
    ).toBe(true);
  });
});

describe('links', () => {
  const files = [
    path.join(ROOT, 'README.md'),
    ...markdownFiles(DOCS),
    ...markdownFiles(path.join(ROOT, 'src')),
    path.join(ROOT, 'fixtures/README.md'),
  ];
  test.for(files.map((f) => path.relative(ROOT, f)))('%s: every relative link resolves', (rel) => {
    const text = read(rel);
    const broken: string[] = [];
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const href = m[1]!;
      if (/^[a-z]+:/i.test(href)) continue;
      const [target, anchor] = href.split('#') as [string, string | undefined];
      const file = target === '' ? path.join(ROOT, rel) : path.resolve(path.dirname(path.join(ROOT, rel)), target);
      if (!fs.existsSync(file)) {
        broken.push(href);
        continue;
      }
      if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(fs.readFileSync(file, 'utf8')).has(anchor))
        broken.push(href);
    }
    expect(broken, `fix these links in ${rel}`).toEqual([]);
  });

  test('README.md stays under 15,000 characters (details belong in docs/)', () => {
    expect(read('README.md').length).toBeLessThanOrEqual(15_000);
  });
});

describe('performance', () => {
  test('docs/performance.md shows the table of test/bench/results.json (node test/bench/run.js --markdown)', async () => {
    // @ts-expect-error: the benchmark is plain JavaScript without types.
    const { markdownTable } = (await import('./bench/run.js')) as { markdownTable: (out: unknown) => string };
    const results: unknown = JSON.parse(read('test/bench/results.json'));
    expect(read('docs/performance.md')).toContain(markdownTable(results));
  });
});
