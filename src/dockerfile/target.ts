// The platform and libc the image is built for: --platform / --libc, else what the Dockerfile's
// final stage says (a literal `FROM --platform=`, the base image's name), else linux/amd64 and
// glibc. The report says which source each fact came from.
import { BuildctxError } from '../errors.js';
import { formatPlatform, parseDockerPlatform, type Libc, type TargetPlatform } from '../sniff/platform.js';
import { baseImageFacts, parseImageRef } from './base-image.js';

/** Where a target fact came from, for the report. */
export type FactSource = 'option' | 'dockerfile' | 'base-image' | 'default';

/** The platform the image is built for, and what is known about its base image. */
export interface TargetInfo {
  platform: TargetPlatform;
  platformSource: FactSource;
  libc: Libc;
  libcSource: FactSource;
  /** The final stage's base image as written (after ARG substitution), when there is a Dockerfile. */
  baseImage: string | null;
  /** glibc version of the base image when its name tells it (e.g. debian:12 → "2.36"). */
  glibcVersion: string | null;
  /** CPython minor version when the base image tag tells it (python:3.12-slim → "3.12"). */
  pythonVersion: string | null;
  /** Node.js major version when the base image tag tells it (node:20-alpine → 20). */
  nodeMajor: number | null;
}

export const DEFAULT_PLATFORM = 'linux/amd64';

export interface TargetOptions {
  /** --platform os/arch[/variant] */
  platform?: string;
  /** --libc glibc|musl */
  libc?: string;
}

export interface FinalStage {
  /** `FROM --platform=` value after ARG substitution, or null. */
  platform: string | null;
  /** The base image reference of the final stage (resolved through stage names), or null. */
  image: string | null;
}

/**
 * The Linux platforms Docker builds and pulls images for: the platforms of the official images
 * (docker-library bashbrew architectures: amd64, arm32v5/v6/v7, arm64v8, i386, mips64le, ppc64le,
 * riscv64, s390x, loong64) and the amd64 micro-architecture levels BuildKit accepts as variants.
 * containerd's parser takes any word as the architecture when an OS is given, so a typo such as
 * `linux/amd46` parses; Docker then fails with `no match for platform in manifest`.
 */
export const KNOWN_PLATFORMS: readonly string[] = [
  'linux/386',
  'linux/amd64',
  'linux/amd64/v2',
  'linux/amd64/v3',
  'linux/amd64/v4',
  'linux/arm/v5',
  'linux/arm/v6',
  'linux/arm/v7',
  'linux/arm64',
  'linux/loong64',
  'linux/mips64le',
  'linux/ppc64le',
  'linux/riscv64',
  'linux/s390x',
];

/** A platform Docker knows, parsed; a usage error naming `what` otherwise. */
export function checkPlatform(text: string, what: string) {
  const parsed = parseDockerPlatform(text);
  if (!parsed.ok) throw new BuildctxError('usage', `${what} "${text}": ${parsed.reason}`);
  if (!KNOWN_PLATFORMS.includes(formatPlatform(parsed.platform))) {
    throw new BuildctxError(
      'usage',
      `${what} "${text}": not a platform Docker knows; use one of ${KNOWN_PLATFORMS.join(', ')}`,
    );
  }
  return parsed.platform;
}

export function resolveTarget(options: TargetOptions, finalStage: FinalStage | null): TargetInfo {
  let platformSource: FactSource = 'default';
  let platform = checkPlatform(DEFAULT_PLATFORM, 'platform');
  if (options.platform !== undefined) {
    platform = checkPlatform(options.platform, '--platform');
    platformSource = 'option';
  } else if (finalStage?.platform != null && !finalStage.platform.includes('$')) {
    const parsed = parseDockerPlatform(finalStage.platform);
    if (parsed.ok && KNOWN_PLATFORMS.includes(formatPlatform(parsed.platform))) {
      platform = parsed.platform;
      platformSource = 'dockerfile';
    }
  }
  const facts = baseImageFacts(parseImageRef(finalStage?.image ?? ''));
  let libc: Libc = 'glibc';
  let libcSource: FactSource = 'default';
  if (options.libc !== undefined) {
    if (options.libc !== 'glibc' && options.libc !== 'musl')
      throw new BuildctxError('usage', `--libc must be glibc or musl, not "${options.libc}"`);
    libc = options.libc;
    libcSource = 'option';
  } else if (facts.libc !== null) {
    libc = facts.libc;
    libcSource = 'base-image';
  }
  return {
    platform,
    platformSource,
    libc,
    libcSource,
    baseImage: finalStage?.image ?? null,
    glibcVersion: libc === 'glibc' ? facts.glibcVersion : null,
    pythonVersion: facts.pythonVersion,
    nodeMajor: facts.nodeMajor,
  };
}
