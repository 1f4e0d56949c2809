import fc from 'fast-check';
import { afterEach } from 'vitest';

// Property tests are reproducible: one without its own seed runs with this one, so a failure seen
// once is seen again on every machine.
fc.configureGlobal({ seed: 20261207 });

// Yield to the event loop after every test, so a file of thousands of synchronous table rows
// cannot starve the worker's messages to vitest on a loaded machine ("Timeout calling
// onTaskUpdate", vitest-dev/vitest discussion 6511).
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
