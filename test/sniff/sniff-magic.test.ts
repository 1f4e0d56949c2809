// Small formats: Java vs universal binaries, .pyc versions, text look-alikes, scripts.
import { describe, expect, test } from 'vitest';
import { pycMagicFor, pythonForPycMagic } from '../../src/sniff/sniff-magic.js';
import { describeSniffed, sniffBytes } from '../../src/sniff/sniff.js';
import { as } from './fixtures.js';

const bytesOf = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
const sniff = (b: Uint8Array) => sniffBytes(b, b.length);

describe('CA FE BA BE: Java class or universal binary', () => {
  // minor u16, major u16 after the magic (JVMS §4.1); 45.3 is JDK 1.1.
  test.for([
    [0x0003, 45, '1.1'],
    [0, 48, '1.4'],
    [0, 49, '5'],
    [0, 52, '8'],
    [0, 61, '17'],
    [0, 65, '21'],
    [0xffff, 69, '25'],
  ] as const)('minor %i major %i is Java %s', ([minor, major, java]) => {
    const c = as(
      sniff(bytesOf([0xca, 0xfe, 0xba, 0xbe, minor >> 8, minor & 0xff, 0, major], new Array(24).fill(0))),
      'java-class',
    );
    expect([c.major, c.minor, c.java]).toEqual([major, minor, java]);
    expect(describeSniffed(c)).toBe(`Java class (Java ${java})`);
  });

  test('a slice count of 1..30 with a known CPU inside the file is universal', () => {
    const b = new Uint8Array(0x5000);
    const v = new DataView(b.buffer);
    v.setUint32(0, 0xcafebabe);
    v.setUint32(4, 1);
    v.setUint32(8, 0x0100000c); // arm64
    v.setUint32(16, 0x4000); // offset
    v.setUint32(20, 0x1000); // size
    v.setUint32(0x4000, 0xcffaedfe);
    v.setUint32(0x4000 + 12, 8, true); // MH_BUNDLE
    const u = as(
      sniffBytes(b.subarray(0, 4096), b.length, (o, l) => b.subarray(o, o + l)),
      'macho-universal',
    );
    expect([u.slices.map((s) => s.arch), u.fileType, u.malformed]).toEqual([['arm64'], 'bundle', null]);
  });

  test('too short to hold a slice count: not identified', () => {
    expect(sniff(bytesOf([0xca, 0xfe, 0xba, 0xbe, 0, 0])).format).toBe('unknown');
  });
});

describe('.pyc magic numbers', () => {
  // binaries.md §5.4 (final magic per minor, verified with real interpreters 3.8–3.13).
  test.for([
    [3379, '3.6'],
    [3394, '3.7'],
    [3413, '3.8'],
    [3425, '3.9'],
    [3439, '3.10'],
    [3495, '3.11'],
    [3531, '3.12'],
    [3571, '3.13'],
    [3627, '3.14'],
    [62211, '2.7'],
  ] as const)('final magic %i is CPython %s', ([magic, python]) => {
    const p = as(sniff(bytesOf([magic & 0xff, magic >> 8, 0x0d, 0x0a], new Array(12).fill(0))), 'pyc');
    expect([p.python, p.isFinalMagic]).toEqual([python, true]);
    expect(pycMagicFor(python)).toBe(magic);
  });

  test.for([
    [3450, '3.11'],
    [3494, '3.11'],
    [3500, '3.12'],
    [3600, '3.14'],
    [3655, '3.15'],
  ] as const)('pre-release magic %i falls in the %s band', ([magic, python]) => {
    expect(pythonForPycMagic(magic)).toEqual({ python, isFinalMagic: false });
    expect(describeSniffed(sniff(bytesOf([magic & 0xff, magic >> 8, 0x0d, 0x0a], new Array(12).fill(0))))).toBe(
      `Python ${python} bytecode (pre-release magic ${magic})`,
    );
  });

  test('numbers outside every band are not .pyc', () => {
    expect(pythonForPycMagic(2000)).toBeNull();
    expect(sniff(bytesOf([0xd0, 0x07, 0x0d, 0x0a], new Array(12).fill(0))).format).toBe('unknown');
  });

  test('PEP 552 hash-based flag', () => {
    const hashed = as(sniff(bytesOf([0xa7, 0x0d, 0x0d, 0x0a, 1, 0, 0, 0], new Array(8).fill(0))), 'pyc');
    expect(hashed.isHashBased).toBe(true);
    const v36 = as(sniff(bytesOf([0x33, 0x0d, 0x0d, 0x0a], new Array(8).fill(0))), 'pyc');
    expect(v36.isHashBased).toBeNull();
  });
});

describe('text that stands where a binary should be', () => {
  test('Git LFS pointer', () => {
    const oid = 'a'.repeat(64);
    const p = as(
      sniff(bytesOf(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 18734592\n`)),
      'git-lfs-pointer',
    );
    expect([p.oid, p.objectSize]).toEqual([`sha256:${oid}`, 18734592]);
    expect(sniff(bytesOf('version https://hawser.github.com/spec/v1\noid sha256:x\n')).format).toBe('git-lfs-pointer');
    expect(sniff(bytesOf('version https://git-lfs.github.com/spec/v2\n')).format).toBe('unknown');
  });

  test.for([
    '<!DOCTYPE html><html><body>404 Not Found</body></html>',
    '<!doctype HTML>\n<title>Error</title>',
    '\uFEFF  \r\n\t<html lang="en">',
    '<HTML>\n<HEAD><TITLE>403 Forbidden</TITLE></HEAD>',
  ])('HTML page: %j', (text) => {
    expect(sniff(bytesOf(text)).format).toBe('html');
  });

  test.for(['<htmlx>', '<!DOCTYPE svg>', 'html', '<?xml version="1.0"?>'])('not HTML: %j', (text) => {
    expect(sniff(bytesOf(text)).format).not.toBe('html');
  });

  test('GNU ld scripts', () => {
    // Debian 12's /usr/lib/x86_64-linux-gnu/libc.so (libc6-dev 2.36).
    const debianLibcSo =
      '/* GNU ld script\n   Use the shared library, but some functions are only in\n   the static library, so try that secondarily.  */\n' +
      'OUTPUT_FORMAT(elf64-x86-64)\nGROUP ( /lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libc_nonshared.a  AS_NEEDED ( /lib64/ld-linux-x86-64.so.2 ) )\n';
    expect(sniff(bytesOf(debianLibcSo)).format).toBe('ld-script');
    expect(sniff(bytesOf('/* libpthread */\nINPUT ( -lc )\n')).format).toBe('ld-script');
    expect(sniff(bytesOf('GROUP(libfoo.so.1)')).format).toBe('ld-script');
    expect(sniff(bytesOf('/* just a C comment */\nint x;\n')).format).toBe('unknown');
  });
});

describe('shebang lines as the kernel reads them', () => {
  test.for([
    ['#!/bin/sh\necho hi\n', '/bin/sh', null, false, false],
    ['#! /usr/bin/env  python3 \n', '/usr/bin/env', 'python3', false, false],
    ['#!/bin/sh\r\necho hi\r\n', '/bin/sh', null, true, false],
    ['#!/usr/bin/env python3\r\n', '/usr/bin/env', 'python3', true, false],
    ['\uFEFF#!/bin/bash\n', '/bin/bash', null, false, true],
    ['#!/Users/dev/proj/.venv/bin/python3.12\n', '/Users/dev/proj/.venv/bin/python3.12', null, false, false],
    ['#!/usr/bin/perl -w -T\n', '/usr/bin/perl', '-w -T', false, false],
  ] as const)('%j', ([text, interpreter, argument, hasCrlf, hasBom]) => {
    const s = as(sniff(bytesOf(text)), 'script');
    expect([s.interpreter, s.argument, s.hasCrlf, s.hasBom, s.isTruncated]).toEqual([
      interpreter,
      argument,
      hasCrlf,
      hasBom,
      false,
    ]);
  });

  test('a shebang longer than the kernel buffer is truncated', () => {
    const s = as(sniff(bytesOf(`#!/${'x'.repeat(300)}\n`)), 'script');
    expect(s.isTruncated).toBe(true);
  });

  test('describes CRLF and BOM', () => {
    expect(describeSniffed(sniff(bytesOf('#!/bin/sh\r\n')))).toBe('script (#!/bin/sh), CRLF line end');
  });
});

describe('other magics and the leftovers', () => {
  test('WebAssembly module and component', () => {
    expect(as(sniff(bytesOf([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])), 'wasm').kind).toBe('module');
    expect(as(sniff(bytesOf([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0])), 'wasm').kind).toBe('component');
  });

  test('empty, too short, text and data', () => {
    expect(sniffBytes(new Uint8Array(0), 0)).toEqual({ format: 'empty', size: 0 });
    expect(sniff(bytesOf([0x7f]))).toEqual({ format: 'too-short', size: 1 });
    expect(sniff(bytesOf('hello, world\n'))).toEqual({ format: 'unknown', size: 13, looksLikeText: true });
    expect(sniff(bytesOf([1, 2, 3, 4, 0, 0]))).toEqual({ format: 'unknown', size: 6, looksLikeText: false });
  });
});
