// A Vite `frontend/.env` of public VITE_ keys that a builder stage's COPY takes: the build reads
// it, so no check suggests a line that removes it (not secret-file, not the .gitignore that lists
// `.env`, not the missing ignore file's common lines) and `fix --write` keeps it. Its values are
// never printed.
import { describe, expect, test } from 'vitest';
import { planContextFix } from '../../src/fix/fix.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import { renderJson } from '../../src/report/json.js';

const FILES: Record<string, string> = {
  '.gitignore': '.env\nnode_modules\ndist\n',
  'frontend/.env': 'VITE_API_URL=https://api.internal.example\nVITE_SENTRY_DSN=https://k@sentry.example/1\n',
  'frontend/package.json': '{"name":"web","scripts":{"build":"vite build"}}\n',
  'frontend/package-lock.json': '{}\n',
  'frontend/src/main.js': 'console.log(import.meta.env.VITE_API_URL)\n',
  'frontend/node_modules/vite/index.js': '1\n',
  'backend/main.py': 'print(1)\n',
};
const BUILDER_COPY_ALL =
  'FROM node:20 AS web\nWORKDIR /web\nCOPY . .\nRUN cd frontend && npm ci && npm run build\n' +
  'FROM nginx:1.27\nCOPY --from=web /web/frontend/dist /usr/share/nginx/html\n';

function fixOf(files: Record<string, string>) {
  const nodes: MemoryNode[] = Object.entries(files).map(([path, content]) => ({ path, type: 'file', content }));
  return planContextFix({ fs: new MemoryFileSystem(nodes, '/ctx'), cwd: '/ctx', context: '.', sniff: false });
}

describe('a public-only env file a builder stage reads', () => {
  test('is info about the builder stage, and no line of any check removes it', async () => {
    const result = await fixOf({ ...FILES, Dockerfile: BUILDER_COPY_ALL });
    const env = result.before.findings.find((f) => f.path === 'frontend/.env')!;
    expect(env).toMatchObject({
      check: 'secret-file',
      severity: 'info',
      data: { reach: 'build-stage', publicOnly: true, ignoreLines: [] },
    });
    expect(env.message).toContain('only into a build stage the final image does not keep, where the build reads it');
    // The .gitignore lists .env and the missing .dockerignore's common lines include **/.env: neither is suggested.
    const suggested = result.before.findings.flatMap((f) => (f.data.ignoreLines as string[] | undefined) ?? []);
    expect(suggested).not.toContain('**/.env');
    expect(result.before.suggestedIgnoreLines).toEqual(['**/node_modules']);
    const git = result.before.findings.find((f) => f.check === 'gitignored-in-context')!;
    expect(git.data).toMatchObject({ files: 1, neededFiles: 1 });
    // Applied: the env file is still sent, only node_modules is gone.
    expect(result.plan.lines.map((l) => [l.line, l.files])).toEqual([['**/node_modules', 1]]);
    expect(result.after.findings.find((f) => f.path === 'frontend/.env')?.data.reach).toBe('build-stage');
    for (const report of [result.before, result.after]) expect(renderJson(report)).not.toContain('internal.example');
  });

  test('one secret key among them makes it a secret again: ignored, and the line is suggested', async () => {
    const result = await fixOf({
      ...FILES,
      'frontend/.env': 'VITE_API_URL=https://api.internal.example\nSTRIPE_SECRET_KEY=sk_live_x\n',
      Dockerfile: BUILDER_COPY_ALL,
    });
    const env = result.before.findings.find((f) => f.path === 'frontend/.env')!;
    expect(env).toMatchObject({ severity: 'warning', data: { publicOnly: false, ignoreLines: ['frontend/.env'] } });
    expect(result.after.findings.some((f) => f.path === 'frontend/.env')).toBe(false);
    expect(renderJson(result.before)).not.toContain('sk_live_x');
  });
});
