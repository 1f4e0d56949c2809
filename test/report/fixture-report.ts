// A fixed report for reporter tests: every severity, a line number, a Dockerfile outside the
// context, and names and messages with the characters each format must escape.
import { fingerprintOf } from '../../src/analyze/fingerprint.js';
import { applyBaseline, type Baseline } from '../../src/guard/guard.js';
import type { CheckMeta, Finding, Report, Severity } from '../../src/types.js';

function finding(
  check: string,
  severity: Severity,
  path: string,
  message: string,
  data: Record<string, unknown> = {},
  line?: number,
): Finding {
  return {
    check,
    severity,
    path,
    ...(line !== undefined ? { line } : {}),
    message,
    data,
    fingerprint: fingerprintOf({ check, path, data }),
  };
}

/** The checks the fixture's findings come from (one is left out: a rule for an unknown check). */
export const FIXTURE_CHECKS: CheckMeta[] = [
  {
    id: 'unreadable-directory',
    title: 'Directory the build cannot read',
    defaultSeverity: 'error',
    description: 'A directory in the context cannot be read.',
  },
  {
    id: 'sample-warning',
    title: 'A warning-level sample check',
    defaultSeverity: 'warning',
    description: 'Reports things worth a look.',
  },
  { id: 'sample-info', title: 'An info-level sample check', defaultSeverity: 'info', description: 'Reports facts.' },
];

export const FINDINGS: Finding[] = [
  finding('unreadable-directory', 'error', 'locked', 'locked/ cannot be read (EACCES); docker build fails', {
    code: 'EACCES',
    ignoreLines: ['/locked', 'weird``line'],
    dockerfileFix: 'nothing to change',
  }),
  finding('unreadable-directory', 'error', 'odd dir/a,b:c%.d', 'path with, a comma: colon and 100% sure', {
    code: 'EACCES',
  }),
  finding(
    'sample-warning',
    'warning',
    'pipe|name\nnewline',
    'message with | a pipe\nand a second line, *stars* and <b>tags</b> & __init__.py',
    { fingerprintKey: 'k1' },
    7,
  ),
  finding(
    'sample-warning',
    'warning',
    '/work/outside/Dockerfile',
    'outside the context\r\nCRLF too',
    { fingerprintKey: 'from-line' },
    3,
  ),
  finding('sample-info', 'info', 'f\udcffo/bin', 'f\udcffo/bin is not UTF-8 and has a `backtick`', {}),
  finding('removed-check', 'info', 'x.txt', 'from a check this version does not register', {}),
];

export const REPORT: Report = {
  schemaVersion: 1,
  tool: { name: 'buildctx', version: '0.1.0' },
  context: '/work/project',
  dockerfile: '/work/outside/Dockerfile',
  ignoreFile: '.dockerignore',
  ignoreFileSource: 'root',
  summary: {
    files: 1234,
    dirs: 56,
    bytes: 12_345_678,
    tarBytes: 12_700_160,
    excludedFiles: 4000,
    excludedBytes: 9_000_000,
    symlinks: 2,
    specialFiles: 0,
    sniffedFiles: 12,
    referencedFiles: 800,
    referencedBytes: 9_500_000,
    transferBytes: 9_612_345,
    uncopiedFiles: 434,
    uncopiedBytes: 2_845_678,
    harmlessForeign: 3,
    suppressedFindings: 0,
  },
  target: { platform: 'linux/amd64', platformSource: 'default', libc: 'glibc', libcSource: 'default', baseImage: null },
  largestDirs: [
    { path: 'src', bytes: 9_000_000, files: 900 },
    { path: 'pipe|name\nnewline', bytes: 100, files: 1 },
  ],
  largestFiles: [
    { path: 'data/model.bin', bytes: 5_000_000 },
    { path: 'we`ird', bytes: 12 },
  ],
  contentKinds: [
    {
      kind: 'video',
      files: 3,
      bytes: 1_200_000_000,
      dirs: [
        { path: 'assets', bytes: 1_100_000_000, files: 2 },
        { path: '.', bytes: 100_000_000, files: 1 },
      ],
    },
  ],
  binaries: {
    sniffing: 'candidates',
    sniffed: 12,
    byFormat: { elf: 4, macho: 3, pyc: 5 },
    foreign: 5,
    harmlessForeign: 3,
    harmless: { 'multi-platform-prebuilds': 2, 'windows-launcher': 1 },
  },
  findings: FINDINGS,
  suggestedIgnoreLines: ['/locked', 'weird``line'],
  limits: [
    {
      limit: 'max-size',
      max: 10_000_000,
      actual: 12_345_678,
      exceeded: true,
      contributors: [
        { path: 'src', bytes: 9_000_000, files: 900 },
        { path: 'data', bytes: 5_000_000, files: 1 },
      ],
    },
  ],
};

/** A baseline that held the first error and the info finding, and one finding that is gone. */
export const BASELINE: Baseline = {
  summary: { files: 1200, bytes: 11_000_000, tarBytes: 11_400_000 },
  findings: [FINDINGS[0]!, FINDINGS[4]!, finding('sample-info', 'info', 'gone.txt', 'fixed since', {})].map((f) => ({
    check: f.check,
    fingerprint: f.fingerprint,
  })),
  pathSizes: {
    depth: 2,
    paths: [
      { path: 'data', type: 'dir', bytes: 5_000_000, files: 1 },
      { path: 'data/model.bin', type: 'file', bytes: 5_000_000, files: 1 },
      { path: 'old.log', type: 'file', bytes: 700_000, files: 1 },
      { path: 'src', type: 'dir', bytes: 5_300_000, files: 1198 },
      { path: 'src/a', type: 'dir', bytes: 5_300_000, files: 1198 },
    ],
  },
};

export const REPORT_WITH_BASELINE: Report = applyBaseline(
  {
    ...REPORT,
    pathSizes: {
      depth: 3,
      paths: [
        { path: 'data', type: 'dir', bytes: 5_000_000, files: 1 },
        { path: 'data/model.bin', type: 'file', bytes: 5_000_000, files: 1 },
        { path: 'src', type: 'dir', bytes: 9_000_000, files: 900 },
        { path: 'src/a', type: 'dir', bytes: 6_000_000, files: 800 },
        { path: 'src/a/b', type: 'dir', bytes: 1_000_000, files: 1 },
        { path: 'src/vendor', type: 'dir', bytes: 3_000_000, files: 100 },
      ],
    },
  },
  BASELINE,
  {
    file: 'baseline.json',
    maxGrowth: { percent: 5 },
  },
);
