#!/usr/bin/env node
// --version and help answer before the CLI loads (src/cli/quick.ts); everything else runs main().
import { answerQuickly } from '../dist/cli/quick.js';

const args = process.argv.slice(2);
process.exitCode = (await answerQuickly(args)) ?? (await (await import('../dist/cli/main.js')).main(args));
