// Yield to the event loop after every test, so a file of thousands of synchronous table rows
// cannot starve the worker's messages to vitest on a loaded machine ("Timeout calling
// onTaskUpdate", vitest-dev/vitest discussion 6511).
import { afterEach } from 'vitest';

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
