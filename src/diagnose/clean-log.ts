// Turns a pasted error text — a bare message, a traceback, a whole `docker build` or `docker run`
// or `docker compose` log — into plain lines: colours, progress prefixes and timestamps removed,
// each line remembering where it came from. Pure.

/** Characters of input looked at at most; longer logs are cut (the end is kept: errors come last). */
export const MAX_LOG_CHARS = 8 * 1024 * 1024;

export interface CleanLog {
  /** The cleaned lines joined with "\n". */
  text: string;
  /** For each cleaned line, its 1-based line number in the input. */
  lineNumbers: number[];
  /** Offset in `text` where each cleaned line starts. */
  lineStarts: number[];
  /** Lines dropped from the start because the input was longer than MAX_LOG_CHARS. */
  skippedLines: number;
}

// ECMA-48 CSI sequences (colours, cursor moves) and OSC sequences (titles, hyperlinks), which
// BuildKit's tty progress and coloured loggers write.
// eslint-disable-next-line no-control-regex
const CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
// eslint-disable-next-line no-control-regex
const OTHER_ESCAPES = /\u001b[@-_]?/g;

// Prefixes, tried in order until none applies:
export const PREFIXES: readonly RegExp[] = [
  // `docker build --progress=plain`: "#12 0.345 text" (step number, seconds since the step began;
  // moby/buildkit util/progress/progressui printer.go), and "#12 DONE 0.1s" / "#12 [2/5] RUN …".
  /^#\d+ \d+(?:\.\d+)? /,
  /^#\d+ /,
  // BuildKit's tty error summary repeats the step's output as "0.661 text" (three decimals).
  /^\s*\d+\.\d{3} /,
  // `docker compose up`/`logs`: "web-1  | text" (v2) and "web_1         | text" (v1).
  /^\s*[A-Za-z0-9][\w.-]*\s+\| ?/,
  // `docker logs -t`, Docker Desktop's log view: an RFC 3339 or "2024-05-08 21:31:27" timestamp.
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})? /,
  // podman-compose: "[web] | text".
  /^\[[\w.-]{1,128}\]\s*\| ?/,
  // `kubectl logs --prefix`: "[pod/web-7d4b9c-xk2/app] text".
  /^\[pod\/[\w.-]{1,253}\/[\w.-]{1,253}\] /,
  // GitHub Actions workflow commands in a log: "##[error]text".
  /^##\[(?:error|warning|notice|debug|group|endgroup)\]/,
];

/**
 * False only when no PREFIXES expression can match at the start of `line`: each needs a `#`,
 * `[`, digit or white space first, except the `docker compose` one, which needs a `|`. Most lines
 * of a long log skip the eight expressions this way.
 */
export function mayHavePrefix(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 0x23 || c === 0x5b || (c >= 0x30 && c <= 0x39) || /^\s/.test(line) || line.includes('|');
}

function stripPrefixes(line: string): string {
  if (!mayHavePrefix(line)) return line;
  let out = line;
  for (let round = 0; round < PREFIXES.length; round++) {
    const before = out;
    for (const prefix of PREFIXES) out = out.replace(prefix, '');
    if (out === before) break;
  }
  return out;
}

/** Cleans an error text for the recognisers. Never throws. */
export function cleanLog(input: string): CleanLog {
  let source = input;
  let skippedLines = 0;
  if (source.length > MAX_LOG_CHARS) {
    const cut = source.length - MAX_LOG_CHARS;
    for (let i = 0; i < cut; i++) if (source.charCodeAt(i) === 0x0a) skippedLines++;
    source = source.slice(cut);
  }
  const rawLines = source.replace(OSC, '').split(/\r?\n/);
  const lines: string[] = [];
  const lineNumbers: number[] = [];
  const lineStarts: number[] = [];
  let offset = 0;
  rawLines.forEach((raw, i) => {
    // A lone "\r" is how progress output redraws a line: each segment is a line of its own,
    // numbered as the input line that holds it.
    for (const segment of raw.includes('\r') ? raw.split('\r') : [raw]) {
      const plain = segment.includes('\u001b') ? segment.replace(CSI, '').replace(OTHER_ESCAPES, '') : segment;
      // trimEnd, not /\s+$/: that expression retries every run of spaces and is quadratic in one.
      const line = stripPrefixes(plain).trimEnd();
      lines.push(line);
      lineNumbers.push(skippedLines + i + 1);
      lineStarts.push(offset);
      offset += line.length + 1;
    }
  });
  return { text: lines.join('\n'), lineNumbers, lineStarts, skippedLines };
}

/** The 1-based input line of an offset into `log.text`. */
export function lineAt(log: CleanLog, offset: number): number {
  let lo = 0;
  let hi = log.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (log.lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return log.lineNumbers[lo] ?? 1;
}
