import { defineConfig } from 'vitest/config';

// Timeouts are sized for a loaded 2-core machine (two suites at once, or a CI box under load):
// tests assert behaviour, never speed, so a slow run must not fail. Speed lives in `npm run bench`.
export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
