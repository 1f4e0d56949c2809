// What a base image's name says about the image: its libc, glibc version, CPython and Node.js
// versions. Names only — buildctx never pulls an image — so every fact is "when the name tells".
import { compareVersions, type Libc } from '../sniff/platform.js';

export interface ImageRef {
  /** Registry host, when the reference names one (contains "." or ":" or is "localhost"). */
  registry: string | null;
  /** Repository path without registry, e.g. "library/python" → "python", "chainguard/python". */
  repository: string;
  /** Last path segment of the repository: "python", "alpine". */
  name: string;
  tag: string | null;
  digest: string | null;
}

/** Parses an image reference ("python:3.12-slim", "ghcr.io/org/app@sha256:…"); null when it is a variable or empty. */
export function parseImageRef(ref: string): ImageRef | null {
  const text = ref.trim();
  if (text === '' || text.includes('$')) return null;
  let rest = text;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | null = null;
  const firstSlash = rest.indexOf('/');
  if (firstSlash !== -1) {
    const first = rest.slice(0, firstSlash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(firstSlash + 1);
    }
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon !== -1 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const repository = rest.startsWith('library/') ? rest.slice('library/'.length) : rest;
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return { registry, repository, name, tag, digest };
}

/** glibc by distribution release, from each release's libc6 package (binaries.md §5.2). */
const GLIBC_BY_RELEASE: Record<string, string> = {
  buster: '2.28',
  bullseye: '2.31',
  bookworm: '2.36',
  trixie: '2.41',
  focal: '2.31',
  jammy: '2.35',
  noble: '2.39',
};

// The image names of those releases.
const RELEASE_IMAGES: Record<string, string> = {
  buster: 'debian:buster',
  bullseye: 'debian:bullseye',
  bookworm: 'debian:bookworm',
  trixie: 'debian:trixie',
  focal: 'ubuntu:20.04',
  jammy: 'ubuntu:22.04',
  noble: 'ubuntu:24.04',
};

/** Base images (by name) whose glibc is at least `min`, oldest glibc first. */
export function imagesWithGlibc(min: string): string[] {
  return Object.entries(GLIBC_BY_RELEASE)
    .filter(([, version]) => compareVersions(version, min) >= 0)
    .sort(([ra, a], [rb, b]) => compareVersions(a, b) || (ra < rb ? -1 : 1))
    .map(([release]) => RELEASE_IMAGES[release]!);
}

const DEBIAN_VERSIONS: Record<string, string> = { '10': 'buster', '11': 'bullseye', '12': 'bookworm', '13': 'trixie' };
const UBUNTU_VERSIONS: Record<string, string> = { '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble' };

export interface BaseImageFacts {
  libc: Libc | null;
  glibcVersion: string | null;
  pythonVersion: string | null;
  nodeMajor: number | null;
}

/** What the image name tells. Unknown facts are null: the caller keeps its defaults. */
export function baseImageFacts(ref: ImageRef | null): BaseImageFacts {
  const facts: BaseImageFacts = { libc: null, glibcVersion: null, pythonVersion: null, nodeMajor: null };
  if (ref === null) return facts;
  const tag = (ref.tag ?? '').toLowerCase();
  const name = ref.name.toLowerCase();
  const words = tag.split(/[-_.]/);
  if (
    name === 'alpine' ||
    tag.includes('alpine') ||
    name.endsWith('-alpine') ||
    (name === 'busybox' && tag.includes('musl'))
  ) {
    facts.libc = 'musl';
  } else if (
    [
      'debian',
      'ubuntu',
      'python',
      'node',
      'ruby',
      'golang',
      'rust',
      'openjdk',
      'eclipse-temurin',
      'php',
      'perl',
      'buildpack-deps',
      'gcc',
    ].includes(name) ||
    ref.repository.startsWith('distroless/') ||
    ref.repository.includes('/distroless/') ||
    name.startsWith('ubi') ||
    ['amazonlinux', 'centos', 'rockylinux', 'almalinux', 'fedora', 'oraclelinux', 'wolfi-base'].includes(name)
  ) {
    facts.libc = 'glibc';
  }
  if (facts.libc === 'glibc') {
    let release: string | undefined;
    if (name === 'debian')
      release = DEBIAN_VERSIONS[tag.split(/[-.]/)[0] ?? ''] ?? words.find((w) => w in GLIBC_BY_RELEASE);
    else if (name === 'ubuntu') release = UBUNTU_VERSIONS[tag] ?? words.find((w) => w in GLIBC_BY_RELEASE);
    else release = words.find((w) => w in GLIBC_BY_RELEASE);
    if (release !== undefined) facts.glibcVersion = GLIBC_BY_RELEASE[release] ?? null;
  }
  if (name === 'python') {
    const m = /^(\d+)\.(\d+)/.exec(tag);
    if (m !== null) facts.pythonVersion = `${m[1]}.${m[2]}`;
  }
  if (name === 'node') {
    const m = /^(\d+)(?:[.-]|$)/.exec(tag);
    if (m !== null) facts.nodeMajor = Number(m[1]);
  }
  return facts;
}

/** Debian and Ubuntu images whose glibc is `min` or newer, oldest glibc first, e.g. `debian:bookworm (glibc 2.36)`. */
export function releasesWithGlibc(min: string): string[] {
  const images = [
    ...Object.values(DEBIAN_VERSIONS).map((release) => ({
      image: `debian:${release}`,
      glibc: GLIBC_BY_RELEASE[release]!,
    })),
    ...Object.entries(UBUNTU_VERSIONS).map(([version, release]) => ({
      image: `ubuntu:${version}`,
      glibc: GLIBC_BY_RELEASE[release]!,
    })),
  ];
  return images
    .filter((i) => compareVersions(i.glibc, min) >= 0)
    .sort((a, b) => compareVersions(a.glibc, b.glibc) || (a.image < b.image ? -1 : 1))
    .map((i) => `${i.image} (glibc ${i.glibc})`);
}
