import fc from 'fast-check';
import { afterAll, afterEach } from 'vitest';
import { removeFifoPool } from './golden/tree.mjs';
import { removeTrees } from './helpers/make-tree.js';

// Property tests are seeded: each call names its seed, and this default keeps a call that
// forgets it deterministic too (a failure must reproduce on the next run).
fc.configureGlobal({ seed: 20261207 });

// Yield to the event loop after every test, so a file of thousands of synchronous table rows
// cannot starve the worker's messages to vitest on a loaded machine ("Timeout calling
// onTaskUpdate", vitest-dev/vitest discussion 6511).
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

// The temporary trees and sockets this file made (test/helpers/make-tree.ts), and the FIFOs made
// ahead for golden trees (test/golden/tree.mjs) that it did not use.
afterAll(removeTrees);
afterAll(removeFifoPool);
