// The Compose reader: the build forms Compose accepts, the YAML around them it must step over,
// and malformed or unsupported input, which must be refused or reported, never guessed.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ComposeSyntaxError, parseComposeBuilds } from '../../src/compose/parse-compose.js';

const builds = (text: string) => parseComposeBuilds(text).builds.map((b) => [b.service, b.context, b.dockerfile]);

describe('build forms', () => {
  test.for([
    ['a string is the context', 'services:\n  web:\n    build: ./web\n', [['web', './web', null]]],
    ['a block map', 'services:\n  web:\n    build:\n      context: web\n      dockerfile: app.Dockerfile\n', [['web', 'web', 'app.Dockerfile']]],
    ['a map without context defaults to "."', 'services:\n  web:\n    build:\n      dockerfile: Dockerfile.dev\n', [['web', '.', 'Dockerfile.dev']]],
    ['a flow map', 'services:\n  web:\n    build: { context: ., dockerfile: "docker/web.Dockerfile" }\n', [['web', '.', 'docker/web.Dockerfile']]],
    ['quoted scalars and escapes', `services:\n  "my app":\n    build: 'it''s here'\n  b:\n    build: "dir\\u0041"\n`, [['my app', "it's here", null], ['b', 'dirA', null]]],
    ['comments everywhere', '# top\nservices: # the services\n  web: # one\n    build: web # the context\n    # done\n', [['web', 'web', null]]],
    ['$$ is a literal dollar', 'services:\n  web:\n    build: ./a$$b\n', [['web', './a$b', null]]],
    ['CRLF, a BOM and a document marker', '\uFEFF---\r\nservices:\r\n  web:\r\n    build: w\r\n', [['web', 'w', null]]],
    ['no build, image only', 'services:\n  db:\n    image: postgres:16\n', []],
    ['a service without a value', 'services:\n  empty:\n', []],
    ['no services at all', 'volumes:\n  data:\n', []],
    ['an empty file', '', []],
  ] as const)('%s', ([, text, expected]) => {
    expect(builds(text)).toEqual(expected);
  });

  test('the YAML around builds is stepped over: sequences (indented or not), block scalars, anchors, flow lists', () => {
    const text = [
      'name: shop',
      'x-defaults: &defaults',
      '  restart: unless-stopped',
      '  environment:',
      '  - A=1',
      '  - B=2',
      'services:',
      '  api:',
      '    <<: *defaults',
      '    build: ./api',
      '    ports:',
      '      - "8000:8000"',
      '      - target: 80',
      '        published: 8080',
      '    command: >',
      '      python -m api',
      '        --debug',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost"]',
      '  web:',
      '    depends_on: [api]',
      '    build:',
      '      context: web',
      '      args:',
      '        NODE_ENV: production',
      '    labels:',
      '      description: "multi',
      '        line"',
      'volumes:',
      '  data: {}',
    ].join('\n');
    const parsed = parseComposeBuilds(text);
    expect(parsed.builds.map((b) => [b.service, b.context, b.line])).toEqual([
      ['api', './api', 10],
      ['web', 'web', 22],
    ]);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('builds this reader does not follow are warnings, not guesses', () => {
  test.for([
    ['variable interpolation', 'services:\n  web:\n    build: ${APP_DIR:-.}\n', /variable interpolation/],
    ['a remote context', 'services:\n  web:\n    build: https://github.com/docker/example.git#main\n', /remote/],
    ['an alias as the build', 'x: &b\n  context: .\nservices:\n  web:\n    build: *b\n', /YAML alias/],
    ['a merge key inside build', 'x: &b\n  context: .\nservices:\n  web:\n    build:\n      <<: *b\n', /merges a YAML anchor/],
    ['a build inherited through <<', 'x: &b\n  build: .\nservices:\n  web:\n    <<: *b\n', /uses "<<"/],
    ['a build inherited through extends', 'services:\n  web:\n    extends:\n      file: base.yml\n      service: web\n', /uses "extends"/],
    ['an inline Dockerfile', 'services:\n  web:\n    build:\n      dockerfile_inline: |\n        FROM alpine\n', /dockerfile_inline/],
    ['a tagged value', 'services:\n  web:\n    build: !reset null\n', /YAML tag/],
    ['a non-string context', 'services:\n  web:\n    build:\n      context: [a, b]\n', /must be strings/],
    ['include', 'include:\n  - other.yaml\nservices:\n  web:\n    image: x\n', /"include" is not followed/],
  ] as const)('%s', ([, text, warning]) => {
    const parsed = parseComposeBuilds(text);
    expect(parsed.builds).toEqual([]);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toMatch(warning);
  });
});

describe('malformed input is refused with its line', () => {
  test.for([
    ['a tab in the indentation', 'services:\n\tweb:\n    build: .\n', 2],
    ['an unterminated quote', 'services:\n  web:\n    build: "web\n', 3],
    ['an unterminated flow map', 'services:\n  web:\n    build: { context: .\n', 3],
    ['a mapping on its key line', 'services:\n  web: build: .\n', 2],
    ['bad indentation', 'services:\n  web:\n    build: .\n   image: x\n', 4],
    ['a duplicate key', 'services:\n  web:\n    build: a\n    build: b\n', 4],
    ['a duplicate key in a flow map', 'services:\n  web:\n    build: { context: a, context: b }\n', 3],
    ['two documents', 'services: {}\n---\nservices: {}\n', 2],
    ['a directive', '%YAML 1.2\nservices: {}\n', 1],
    ['a plain line that is not a key', 'services:\n  web\n', 2],
    ['a top-level sequence', '- a\n- b\n', 1],
    ['services as a string', 'services: none\n', 1],
    ['a bad escape', 'services:\n  web:\n    build: "a\\qb"\n', 3],
    ['a complex key', 'services:\n  ? web\n  : x\n', 2],
  ] as const)('%s', ([, text, line]) => {
    let error: unknown;
    try {
      parseComposeBuilds(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComposeSyntaxError);
    expect((error as ComposeSyntaxError).line).toBe(line);
  });

  test('never throws anything else on arbitrary text', () => {
    const samples = ['{', '[', ':', '- - -', 'a: [b, {c: d}]', "'", 'a:\n  - b: c\n    d: e\n  - f', '\u0000', 'a: |\n', '? x'];
    const lineOf = fc.stringMatching(/^[ a-z:\-'"{}[\],#&*!|>$\t]{0,12}$/);
    const inputs = fc.oneof(fc.constantFrom(...samples), fc.array(lineOf, { maxLength: 8 }).map((lines) => lines.join('\n')));
    fc.assert(
      fc.property(inputs, (text) => {
        try {
          parseComposeBuilds(text);
        } catch (error) {
          if (!(error instanceof ComposeSyntaxError)) throw error;
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
