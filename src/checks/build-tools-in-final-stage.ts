import type { SimpleCommand } from '../dockerfile/shell-commands.js';
import { defineCheck } from '../facts/define-check.js';
import { dockerfilePath } from '../facts/dockerfile-facts.js';
import { visitInstructions } from '../facts/instruction-visitor.js';
import { osPackageAction } from '../facts/package-managers.js';

// Compilers and -dev headers are needed to build native extensions, not to run them. Installed
// in a stage that is the image they ship (hundreds of MB, and more packages to patch); a builder
// stage that compiles and a final stage that only COPY --from's the results keeps them out, and
// so does removing them in the same RUN (apt-get purge --auto-remove, apk add --virtual + apk del).

const TOOLCHAIN = new Set([
  'build-essential',
  'build-base',
  'gcc',
  'g++',
  'clang',
  'cmake',
  'make',
  'autoconf',
  'automake',
  'libtool',
  'linux-headers',
  'gcc-c++',
  'musl-dev',
]);

/** A package name that is a compiler, build tool or development headers. */
function isToolchainPackage(name: string): boolean {
  const base = name.replace(/[=:].*$/, '');
  return TOOLCHAIN.has(base) || /^(gcc|g\+\+|clang)-[0-9.]+$/.test(base) || /-(dev|devel)$/.test(base);
}

function removedLater(commands: readonly SimpleCommand[], from: number, pkg: string, virtual: string | null): boolean {
  return commands.slice(from).some((c) => {
    const a = osPackageAction(c);
    return (
      a !== null &&
      a.action === 'remove' &&
      (a.packages.includes(pkg) || (virtual !== null && a.packages.includes(virtual)))
    );
  });
}

export default defineCheck({
  meta: {
    id: 'build-tools-in-final-stage',
    title: 'Build toolchain in the final image',
    defaultSeverity: 'warning',
    description:
      'The final stage installs compilers or -dev packages (build-essential, gcc, *-dev) that a builder stage would keep out of the image.',
  },
  *run(model) {
    yield* visitInstructions(model, {
      stages: 'image',
      *RUN({ instr, commands, scope }) {
        const kept = new Set<string>();
        commands.forEach((cmd, i) => {
          const a = osPackageAction(cmd);
          if (a === null || a.action !== 'install') return;
          for (const pkg of a.packages)
            if (isToolchainPackage(pkg) && !removedLater(commands, i + 1, pkg, a.virtual))
              kept.add(pkg.replace(/[=:].*$/, ''));
        });
        if (kept.size === 0) return;
        const packages = [...kept].sort();
        yield {
          path: dockerfilePath(model),
          line: instr.startLine,
          message:
            `${packages.join(', ')} ${packages.length === 1 ? 'stays' : 'stay'} in the final image (compilers and headers are only needed to build); ` +
            `compile in a builder stage (FROM … AS build) and COPY --from=build only the results, or remove them in the same RUN`,
          data: { packages, fingerprintKey: `${scope.label}:${packages.join(',')}` },
        };
      },
    });
  },
});
