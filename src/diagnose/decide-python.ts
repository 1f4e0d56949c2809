// Python messages: the importer's extension suffixes, sourceless bytecode, uv's environments.
import { formatPlatform } from '../sniff/platform.js';
import {
  extensionSuffixesFor,
  parseExtensionSuffix,
  parsePyvenvCfg,
  type ExtensionSuffix,
} from '../sniff/python-metadata.js';
import { pythonForPycMagic } from '../sniff/sniff-magic.js';
import { describeSniffed } from '../sniff/sniff.js';
import {
  culpritFound,
  environmentPhrase,
  mapped,
  MAX_MANIFEST_BYTES,
  nothingFound,
  platformName,
  typeOf,
  type CulpritDraft,
  type DecideContext,
  type Decision,
} from './decide-common.js';
import type { ParsedMessage } from './model.js';
import { findExtensionFiles, findPythonSource, findSourcelessPyc } from './search-context.js';
import { baseName, joinPath } from '../paths.js';

function suffixLoads(ext: ExtensionSuffix, ctx: DecideContext): boolean {
  const { platform, libc, pythonVersion } = ctx.target;
  if (pythonVersion !== null) return extensionSuffixesFor(pythonVersion, platform, libc).includes(ext.suffix);
  // Without the image's Python version, judge by platform only.
  if (ext.kind === 'stable-abi') return true;
  if (ext.kind === 'generic') return ext.os !== 'windows';
  return (
    ext.implementation === 'cpython' &&
    ext.os === 'linux' &&
    ext.arch === platform.arch &&
    (ext.libc === null || ext.libc === libc)
  );
}

function suffixPlatform(ext: ExtensionSuffix): string {
  if (ext.os === 'macos') return 'macOS';
  if (ext.os === 'windows') return `Windows${ext.arch !== null ? ` ${ext.arch}` : ''}`;
  if (ext.os === 'linux') return `linux/${ext.arch ?? '?'}${ext.libc !== null ? `, ${ext.libc}` : ''}`;
  return 'another platform';
}

export function decideModuleNotFound(m: ParsedMessage, ctx: DecideContext): Decision {
  const name = m.module ?? '';
  const files = findExtensionFiles(name, ctx.entries);
  if (files.length === 0) {
    return nothingFound(
      'module-not-in-context',
      `No file in the context provides ${name}: the package is not installed where the image's Python looks (check \`pip show\` in the image, sys.path, and that the venv the image uses is the one dependencies were installed into).`,
    );
  }
  if (findPythonSource(name, ctx.entries).length > 0) {
    return nothingFound(
      'module-has-source',
      `${name} exists as Python source in the context; the error comes from how it is imported (sys.path), not from a foreign file.`,
      files,
    );
  }
  const { platform, libc, pythonVersion } = ctx.target;
  const accepted = pythonVersion !== null ? extensionSuffixesFor(pythonVersion, platform, libc) : null;
  const loads = files.filter((f) => {
    const ext = parseExtensionSuffix(baseName(f));
    return ext !== null && suffixLoads(ext, ctx);
  });
  if (loads.length > 0) {
    return nothingFound(
      'extension-loads',
      `${loads.join(', ')} has a suffix CPython on ${platformName(ctx)} imports: the error comes from something else (an import inside it, or sys.path).`,
      files,
    );
  }
  const culprits = files.map((path): CulpritDraft => {
    const ext = parseExtensionSuffix(baseName(path))!;
    const s = ctx.read.sniff(path);
    const wanted = accepted !== null ? accepted.join(', ') : `the suffixes of CPython on ${formatPlatform(platform)}`;
    const built =
      ext.python !== null && ext.os === 'linux' && ext.arch === platform.arch
        ? `CPython ${ext.python}`
        : suffixPlatform(ext);
    return {
      path,
      type: typeOf(ctx, path),
      kind: 'foreign-extension-suffix',
      what: s === null ? `Python extension (${ext.suffix})` : `${describeSniffed(s)}, Python extension (${ext.suffix})`,
      explanation:
        `CPython${pythonVersion !== null ? ` ${pythonVersion}` : ''} on ${platformName(ctx)} only imports extension files ending in ${wanted}; ` +
        `${baseName(path)} ends in ${ext.suffix} (built for ${built}), so the importer never sees it and reports ${name} as missing — ${environmentPhrase(path, ctx.entries)}.`,
      origin: null,
    };
  });
  return culpritFound('foreign-extension-suffix', files, culprits);
}

/** The bytes of a Python bytes literal as printed (`b'U\r\r\n'`). */
export function parseBytesLiteral(literal: string): number[] | null {
  const m = /^b(['"])(.*)\1$/s.exec(literal);
  if (m === null) return null;
  const body = m[2]!;
  const out: number[] = [];
  const simple: Record<string, number> = {
    n: 10,
    r: 13,
    t: 9,
    '\\': 92,
    "'": 39,
    '"': 34,
    '0': 0,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out.push(c.charCodeAt(0) & 0xff);
      continue;
    }
    const next = body[i + 1] ?? '';
    if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 2, i + 4))) {
      out.push(Number.parseInt(body.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (Object.hasOwn(simple, next)) {
      out.push(simple[next]!);
      i += 1;
    } else {
      out.push(92);
    }
  }
  return out;
}

export function decideBadMagic(m: ParsedMessage, ctx: DecideContext): Decision {
  const bytes = m.facts['magic'] === undefined ? null : parseBytesLiteral(m.facts['magic']);
  const magic = bytes !== null && bytes.length >= 2 ? bytes[0]! | (bytes[1]! << 8) : null;
  const files = findSourcelessPyc(m.module, ctx.entries);
  const culprits: CulpritDraft[] = [];
  for (const path of files) {
    const s = ctx.read.sniff(path);
    if (s?.format !== 'pyc') continue;
    const mismatch =
      magic !== null ? s.magic === magic : ctx.target.pythonVersion !== null && s.python !== ctx.target.pythonVersion;
    if (!mismatch) continue;
    culprits.push({
      path,
      type: 'file',
      kind: 'stale-bytecode',
      what: describeSniffed(s),
      explanation:
        `${baseName(path)} has no .py source beside it, so CPython imports the bytecode itself; it was compiled by CPython ${s.python ?? '?'} ` +
        `(magic ${s.magic}) and the image runs ${ctx.target.pythonVersion !== null ? `CPython ${ctx.target.pythonVersion}` : 'another version'}, which refuses it.`,
      origin: null,
    });
  }
  if (culprits.length > 0) return culpritFound('stale-bytecode', files, culprits);
  const version = magic === null ? null : pythonForPycMagic(magic)?.python;
  return nothingFound(
    'no-matching-file',
    `No sourceless .pyc in the context matches${version ? ` (the file was compiled by CPython ${version})` : ''}: the bytecode was made in the image or comes from a package.`,
    files,
  );
}

export function decideVenvExists(m: ParsedMessage, ctx: DecideContext): Decision {
  const candidates: string[] = [];
  for (const mp of mapped(m, ctx)) {
    candidates.push(mp.contextPath);
    const cfg = joinPath(mp.contextPath, 'pyvenv.cfg');
    if (!ctx.entries.has(cfg)) continue;
    const text = ctx.read.text(cfg, MAX_MANIFEST_BYTES);
    const parsed = text === null ? null : parsePyvenvCfg(text);
    const made =
      parsed === null ? '' : ` (made by ${parsed.creator}${parsed.home !== null ? `, home = ${parsed.home}` : ''})`;
    return culpritFound('host-venv-copied', candidates, [
      {
        path: cfg,
        type: 'file',
        kind: 'host-venv',
        what: `virtual environment ${mp.contextPath}${made}`,
        explanation: `${mp.origin.instruction ?? 'COPY'} brings the host's ${mp.contextPath} to ${m.path} before the venv is created in the image, and uv refuses to replace an existing environment.`,
        origin: mp.origin,
      },
    ]);
  }
  return nothingFound(
    'no-matching-file',
    `${m.path} is not in the context: an earlier step of the image created it. Run \`uv venv --clear\` or create it once.`,
    candidates,
  );
}

/**
 * `python -m venv DIR` fails with "[Errno 2] No such file or directory: 'DIR/bin/python3'" when
 * DIR already holds a virtual environment whose bin/python links to an interpreter the image does
 * not have (the host's): the host venv came in with COPY.
 */
export function decideVenvPythonMissing(m: ParsedMessage, ctx: DecideContext): Decision {
  const venvPath = (m.path ?? '').replace(/\/bin\/python[\d.]*$/, '');
  const candidates: string[] = [];
  for (const mp of mapped(m, ctx, venvPath)) {
    candidates.push(mp.contextPath);
    const cfg = joinPath(mp.contextPath, 'pyvenv.cfg');
    const hasPython = [...ctx.entries.keys()].some((p) => p.startsWith(joinPath(mp.contextPath, 'bin/python')));
    if (!ctx.entries.has(cfg) && !hasPython) continue;
    const text = ctx.entries.has(cfg) ? ctx.read.text(cfg, MAX_MANIFEST_BYTES) : null;
    const parsed = text === null ? null : parsePyvenvCfg(text);
    const home = parsed?.home ?? null;
    return culpritFound('host-venv-copied', candidates, [
      {
        path: ctx.entries.has(cfg) ? cfg : mp.contextPath,
        type: ctx.entries.has(cfg) ? 'file' : 'dir',
        kind: 'host-venv',
        what: `virtual environment ${mp.contextPath}${home !== null ? ` (pyvenv.cfg home = ${home})` : ''}`,
        explanation:
          `${mp.origin.instruction ?? 'COPY'} brings the host's virtual environment ${mp.contextPath} to ${venvPath}; its bin/python points at the ` +
          `interpreter of the machine that made it${home !== null ? ` (${home})` : ''}, so \`python -m venv\` in the image trips over the dangling link.`,
        origin: mp.origin,
      },
    ]);
  }
  return nothingFound(
    'no-matching-file',
    `${venvPath} is not a virtual environment from the build context: an earlier step of the image made it with another Python. Remove it first (\`rm -rf ${venvPath}\`) or use \`python -m venv --clear\`.`,
    candidates,
  );
}

/**
 * uv refuses a project environment it cannot use: "Project virtual environment directory `DIR`
 * cannot be used because it is not a valid Python environment" (no interpreter in DIR/bin), or
 * "failed to canonicalize path `DIR/bin/python`" (the link points at the interpreter of the machine
 * that made it). Either way DIR holds something from the host — a venv made on the Mac, a Windows
 * venv (Scripts\python.exe, no bin/), a directory kept for a mount with a `.gitkeep` in it — that a
 * COPY or a Compose bind mount put where uv keeps the environment.
 */
export function decideUvVenvInvalid(m: ParsedMessage, ctx: DecideContext): Decision {
  const venvPath = (m.path ?? '').replace(/\/bin\/python[\d.]*$/, '');
  const candidates: string[] = [];
  for (const mp of mapped(m, ctx, venvPath)) {
    candidates.push(mp.contextPath);
    const cfg = joinPath(mp.contextPath, 'pyvenv.cfg');
    const below = mp.contextPath === '' ? '' : mp.contextPath + '/';
    const held = [...ctx.entries.keys()].filter((p) => p.startsWith(below)).sort();
    if (held.length === 0) continue;
    const text = ctx.entries.has(cfg) ? ctx.read.text(cfg, MAX_MANIFEST_BYTES) : null;
    const parsed = text === null ? null : parsePyvenvCfg(text);
    const holds =
      parsed !== null
        ? `a virtual environment made by ${parsed.creator}${parsed.home !== null ? ` with home = ${parsed.home}` : ''}`
        : `${held.length === 1 ? held[0] : `${held.length} files`} but no virtual environment uv can use`;
    const via = mp.origin.instruction ?? (mp.origin.method === 'bind-mount' ? 'a bind mount' : 'COPY');
    return culpritFound('host-venv-copied', candidates, [
      {
        path: parsed !== null ? cfg : mp.contextPath,
        type: parsed !== null ? 'file' : 'dir',
        kind: 'host-venv',
        evidence: `the message names ${m.path}; ${via} puts ${mp.contextPath} there, and it holds ${holds}`,
        what: `${mp.contextPath} (${holds})`,
        explanation:
          `${via} puts the host's ${mp.contextPath} at ${venvPath}, ` +
          `where uv keeps the project environment; it holds ${holds}, and uv does not replace a directory that is not an environment it can use.`,
        origin: mp.origin,
      },
    ]);
  }
  return nothingFound(
    'no-matching-file',
    `${venvPath} is not from the build context: an earlier step of the image made it. Remove it (\`rm -rf ${venvPath}\`) before \`uv sync\`, or point UV_PROJECT_ENVIRONMENT elsewhere.`,
    candidates,
  );
}
