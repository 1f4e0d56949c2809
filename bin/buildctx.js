#!/usr/bin/env node
// --version and help answer before the CLI loads (src/cli/quick.ts); everything else runs main().
// The CLI runs from dist/bundle, the commands bundled into a few files (npm run bundle): loading the
// 150-odd modules tsc emits one by one costs about 0.1 s of each run (docs/performance.md, Start-up).
import { answerQuickly } from '../dist/bundle/quick.js';

const args = process.argv.slice(2);
process.exitCode = (await answerQuickly(args)) ?? (await (await import('../dist/bundle/main.js')).main(args));
