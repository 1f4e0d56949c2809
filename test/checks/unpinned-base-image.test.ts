import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'unpinned-base-image';

describe(CHECK, () => {
  test.for([
    ['no tag', 'FROM python', 'warning', { image: 'python', tag: null, pinning: 'none' }],
    ['latest', 'FROM node:latest', 'warning', { image: 'node:latest', tag: 'latest', pinning: 'none' }],
    ['registry with a port, no tag', 'FROM localhost:5000/app', 'warning', { tag: null, pinning: 'none' }],
    ['a tag without digest', 'FROM python:3.12-slim', 'info', { tag: '3.12-slim', pinning: 'tag' }],
    ['a tag from a global ARG', 'ARG V=3.20\nFROM alpine:${V}', 'info', { image: 'alpine:3.20', pinning: 'tag' }],
  ] as const)('bad: %s', async ([, from, severity, data]) => {
    const found = await findingsOf(CHECK, { Dockerfile: doc(from, 'RUN true') });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity, path: 'Dockerfile', line: from.split('\n').length, data });
  });

  test.for([
    ['a digest', 'FROM python:3.12-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
    ['scratch', 'FROM scratch'],
    ['an unknown ARG', 'ARG IMAGE\nFROM ${IMAGE}'],
  ] as const)('good: %s', async ([, from]) => {
    expect(await findingsOf(CHECK, { Dockerfile: doc(from, 'COPY a /a'), a: '' })).toEqual([]);
  });

  test('good: a stage built FROM another stage, and stages the target does not need, are not reported', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc(
        'FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS base',
        'FROM node AS unused',
        'FROM base',
        'RUN true',
      ),
    });
    expect(found).toEqual([]);
  });
});
