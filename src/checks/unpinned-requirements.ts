import type { FindingDraft } from '../types.js';
import type { CheckModel } from '../facts/check-model.js';
import { defineCheck } from '../facts/define-check.js';
import { MAX_LISTED_PATHS, sourceUses } from '../facts/dockerfile-facts.js';
import { walkInstructions } from '../facts/instruction-visitor.js';
import { pipInstallArgs, requirementFiles } from '../facts/package-managers.js';

// A requirement without `==` lets pip pick whatever is newest when the layer is built: two
// builds of the same commit can get different dependencies, and a cached layer hides that
// until the cache is lost. `name==version` (or `===`) pins it; a constraints file (`-c`) or
// --require-hashes pins it too, so files installed that way are not reported.

/** `-r` includes followed inside one requirements file tree. */
const MAX_INCLUDE_DEPTH = 8;

export interface UnpinnedRequirement {
  name: string;
  line: number;
}

export interface RequirementsScan {
  unpinned: UnpinnedRequirement[];
  /** Other files this one includes with -r, as written. */
  includes: string[];
  /** The file pins through a constraints file or hashes. */
  constrained: boolean;
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/;

/** Reads a requirements file the way pip's req_file does for pinning: logical lines, comments, options. */
export function scanRequirements(text: string): RequirementsScan {
  const unpinned: UnpinnedRequirement[] = [];
  const includes: string[] = [];
  let constrained = false;
  const physical = text.split(/\r?\n/);
  for (let i = 0; i < physical.length; i++) {
    const startLine = i + 1;
    let line = physical[i]!;
    // pip joins lines ending in a backslash before anything else.
    while (line.endsWith('\\') && i + 1 < physical.length) line = line.slice(0, -1) + physical[++i]!;
    line = line.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    if (line.startsWith('-')) {
      const words = line.split(/\s+/);
      const opt = words[0]!;
      if (opt === '-c' || opt === '--constraint' || opt.startsWith('--constraint=') || opt === '--require-hashes')
        constrained = true;
      includes.push(...requirementFiles(words));
      continue;
    }
    // URLs, paths and `name @ url` direct references name one artifact; they are not version ranges.
    if (
      line.includes('://') ||
      line.startsWith('.') ||
      line.startsWith('/') ||
      / @ /.test(line) ||
      /^[^;]*@/.test(line)
    )
      continue;
    const m = NAME.exec(line);
    if (m === null) continue;
    const spec = (m[3] ?? '').split(';')[0]!.split('--')[0]!.trim();
    const pinned = /(^|,)\s*===/.test(spec) || spec.split(',').some((s) => /^\s*==\s*[^=*\s][^*]*$/.test(s));
    if (line.includes('--hash')) constrained = true;
    if (!pinned) unpinned.push({ name: m[1]!, line: startLine });
  }
  return { unpinned, includes, constrained };
}

function isRequirementsName(path: string, name = path.slice(path.lastIndexOf('/') + 1)): boolean {
  return /^requirements.*\.(txt|in)$/.test(name) || (/\.txt$/.test(name) && /(^|\/)requirements\/[^/]+$/.test(path));
}

function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function resolveInclude(from: string, include: string): string {
  const parts = (dirName(from) === '' ? include : `${dirName(from)}/${include}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

function* findings(model: CheckModel): Generator<FindingDraft> {
  // Basenames of the files reachable `pip install -r` reads, and whether the install constrains them.
  const named = new Map<string, boolean>();
  walkInstructions(model, {
    RUN({ commands }) {
      for (const cmd of commands) {
        const args = pipInstallArgs(cmd);
        if (args === null) continue;
        const constrained = args.some(
          (a) => a === '-c' || a === '--constraint' || a.startsWith('--constraint=') || a === '--require-hashes',
        );
        for (const f of requirementFiles(args)) {
          const base = f.slice(f.lastIndexOf('/') + 1);
          named.set(base, (named.get(base) ?? false) || constrained);
        }
      }
    },
  });
  if (named.size === 0) return;
  const taken = new Set(sourceUses(model).flatMap((u) => u.selected.matched));
  const roots = [...taken].filter((p) => named.has(p.slice(p.lastIndexOf('/') + 1)) && model.texts.has(p)).sort();
  for (const root of roots) {
    if (named.get(root.slice(root.lastIndexOf('/') + 1)) === true) continue;
    // The file and what it includes, in order; reported per file.
    const scans: [string, RequirementsScan][] = [];
    const queue: [string, number][] = [[root, 0]];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const [path, depth] = queue.shift()!;
      const text = model.texts.get(path);
      if (seen.has(path) || text === undefined) continue;
      seen.add(path);
      const scan = scanRequirements(text);
      scans.push([path, scan]);
      if (depth < MAX_INCLUDE_DEPTH)
        for (const inc of scan.includes) queue.push([resolveInclude(path, inc), depth + 1]);
    }
    if (scans.some(([, s]) => s.constrained)) continue;
    for (const [path, scan] of scans) {
      if (scan.unpinned.length === 0 || (path !== root && roots.includes(path))) continue;
      const names = scan.unpinned.map((u) => u.name);
      yield {
        path,
        line: scan.unpinned[0]!.line,
        message: `${scan.unpinned.length} requirement${scan.unpinned.length === 1 ? ' has' : 's have'} no == pin (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}): each build installs whatever is newest, so the same commit can build a different image; pin them (pip freeze, pip-compile) or install with a constraints file (-c)`,
        data: { unpinned: scan.unpinned.slice(0, MAX_LISTED_PATHS), count: scan.unpinned.length, installedBy: root },
      };
    }
  }
}

export default defineCheck({
  meta: {
    id: 'unpinned-requirements',
    title: 'Unpinned requirements',
    defaultSeverity: 'warning',
    description:
      'A requirements file that a pip install in the Dockerfile reads has lines without == pins, so builds of the same commit can differ.',
  },
  wants(entry, name) {
    return isRequirementsName(entry.path, name) ? 'text' : null;
  },
  run: findings,
});
