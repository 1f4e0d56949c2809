// --platform: what Docker would reject is a usage error that lists the platforms it knows.
import { expect, test } from 'vitest';
import { KNOWN_PLATFORMS, resolveTarget } from '../../src/dockerfile/target.js';
import { BuildctxError } from '../../src/errors.js';

test.for([
  'linux/amd64',
  'linux/arm64',
  'linux/arm64/v8',
  'linux/arm/v7',
  'linux/armhf',
  'arm64',
  'linux/amd64/v3',
  'linux/386',
  'linux/s390x',
])('%s is accepted', (platform) => {
  expect(() => resolveTarget({ platform }, null)).not.toThrow();
});

test.for(['linux/amd46', 'linux/arm65', 'linux/x86', 'linux/arm64/v9', 'linux/amd64/v7', 'linux/mips'])(
  '%s is exit 2 with the list',
  (platform) => {
    let error: unknown;
    try {
      resolveTarget({ platform }, null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BuildctxError);
    expect((error as BuildctxError).code).toBe('usage');
    expect((error as Error).message).toContain(`"${platform}"`);
    for (const known of KNOWN_PLATFORMS) expect((error as Error).message).toContain(known);
  },
);

test('a platform in FROM --platform that Docker does not know is left to the default', () => {
  expect(resolveTarget({}, { platform: 'linux/amd46', image: 'alpine:3.20' }).platformSource).toBe('default');
});
