// The four kinds of test file and the timeouts each gets, sized for a loaded 2-core machine (two
// suites at once, or a CI box under load): tests assert behaviour, never speed, so a slow run must
// not fail. Speed lives in `npm run bench`.
//   unit    — pure functions and in-memory analyses: every file not listed below
//   golden  — table-driven conformance against recorded Docker/Go answers (large tables)
//   cli     — the CLI through run(argv, io), plus one real-process smoke test per command
//   hostile — hostile trees and inputs on the real file system
//
// The kinds are not vitest projects: with `isolate: false` vitest 3 runs one project after
// another, each with fresh workers that import and transform src/ again, so four projects cost
// 5–10 s of an idle 50 s run (docs/testing.md). The runner (test/runner.ts) gives each file its
// kind's timeouts as the file is imported.

export type Kind = 'unit' | 'golden' | 'cli' | 'hostile';

export const TIMEOUTS: Readonly<Record<Kind, number>> = {
  unit: 120_000,
  golden: 180_000,
  cli: 180_000,
  hostile: 300_000,
};

/** Paths from the repository root: a folder ends with `/`, anything else names one file. */
export const MEMBERS: Readonly<Record<Exclude<Kind, 'unit'>, readonly string[]>> = {
  golden: [
    'test/golden/',
    'test/go-semantics/',
    'test/context/oracle-golden.test.ts',
    'test/context/spec-conformance.test.ts',
    'test/sniff/sniff-fixtures.test.ts',
  ],
  cli: ['test/cli/', 'test/library.test.ts'],
  hostile: [
    'test/hostile/',
    'test/dockerfile/robustness.test.ts',
    'test/context/properties.test.ts',
    'test/context/gitignore-rules.test.ts',
  ],
};

/** The kind of a test file, given by its path from the repository root with `/` separators. */
export function kindOf(file: string): Kind {
  for (const [kind, members] of Object.entries(MEMBERS) as [Exclude<Kind, 'unit'>, readonly string[]][]) {
    if (members.some((m) => (m.endsWith('/') ? file.startsWith(m) : file === m))) return kind;
  }
  return 'unit';
}
