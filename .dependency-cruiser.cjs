// The layers of src/ (src/ARCHITECTURE.md), lowest first. A module may import its own folder and
// any earlier layer; never a later one, never a sibling in the same layer, never in a cycle.
// `npm run lint` runs this; test/architecture.test.ts runs it too, so `npm test` fails on a
// violation and names the import to move.
/** @type {string[][]} each inner list is one layer; entries are src/ folders or top-level files */
const LAYERS = [
  ['types.ts', 'errors.ts', 'version.ts'],
  ['paths.ts', 'units.ts'],
  ['fs'],
  ['context'],
  ['sniff'],
  ['dockerfile', 'compose'],
  ['facts'],
  ['checks'],
  ['analyze'],
  ['fix', 'diagnose', 'scan', 'pack', 'guard'],
  ['report'],
  ['cli'],
  ['index.ts'],
];

const pathOf = (names) => `^src/(${names.map((n) => n.replace(/\./g, '\\.')).join('|')})(/|$)`;

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.join('+').replace(/\.ts/g, '')}`,
  comment: `${layer.join(', ')} may not import a later layer (src/ARCHITECTURE.md): move the shared code down, or the caller up`,
  severity: 'error',
  from: { path: pathOf(layer) },
  to: { path: pathOf(LAYERS.slice(i + 1).flat()) },
}));

const siblings = LAYERS.filter((layer) => layer.length > 1 && !layer[0].endsWith('.ts')).flatMap((layer) =>
  layer.map((name) => ({
    name: `sibling-${name}`,
    comment: `${name}/ may not import its siblings in the same layer (${layer.join(', ')}): move the shared code down`,
    severity: 'error',
    from: { path: pathOf([name]) },
    to: { path: pathOf(layer.filter((other) => other !== name)) },
  })),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make the layers meaningless: break the cycle by moving the shared code down a layer',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upward,
    ...siblings,
    {
      name: 'fs-only-in-fs',
      comment: 'Only src/fs/ (and the CLI, which writes its output files) touches the file system directly; take a FileSystem instead',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(fs|cli)/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?fs(/promises)?$' },
    },
    {
      name: 'checks-are-pure',
      comment: 'A check reads facts; it does no I/O and imports no node built-in',
      severity: 'error',
      from: { path: '^src/checks/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'], exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

// For test/architecture.test.ts; not enumerable, so dependency-cruiser's config schema does not see it.
Object.defineProperty(module.exports, 'LAYERS', { value: LAYERS, enumerable: false });
