// Splits a tar stream into its entries: the header blocks of each (a PAX extended header with
// its records, then the USTAR block) and where its content lies. Used to record Docker's
// streams header by header (generate-pack.mjs) and to compare ours against them (the test).
// Plain JavaScript so the generator runs without a build step.

const BLOCK = 512;

function padded(n) {
  return Math.ceil(n / BLOCK) * BLOCK;
}

function octal(block, offset, width) {
  const text = block
    .subarray(offset, offset + width)
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
  return text === '' ? 0 : parseInt(text, 8);
}

function cString(block, offset, width) {
  const field = block.subarray(offset, offset + width);
  const nul = field.indexOf(0);
  return nul < 0 ? field : field.subarray(0, nul);
}

/** PAX records "len key=value\n" → Map key → Buffer. */
function parsePax(data) {
  const records = new Map();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const len = Number(data.subarray(pos, space).toString('latin1'));
    const record = data.subarray(space + 1, pos + len - 1);
    const eq = record.indexOf(0x3d);
    records.set(record.subarray(0, eq).toString('latin1'), record.subarray(eq + 1));
    pos += len;
  }
  return records;
}

/**
 * The entries of a tar stream: { name (Buffer), typeflag, header (Buffer: every block before
 * the content), contentStart, size }, and whether it ends with exactly two zero blocks.
 */
export function splitTarEntries(stream) {
  const entries = [];
  let pos = 0;
  for (;;) {
    if (pos + BLOCK > stream.length) return { entries, trailerOk: false };
    const first = stream.subarray(pos, pos + BLOCK);
    if (first.every((b) => b === 0)) {
      const rest = stream.subarray(pos);
      return { entries, trailerOk: rest.length === 2 * BLOCK && rest.every((b) => b === 0) };
    }
    const start = pos;
    let pax = new Map();
    if (String.fromCharCode(first[156]) === 'x') {
      const size = octal(first, 124, 12);
      pax = parsePax(stream.subarray(pos + BLOCK, pos + BLOCK + size));
      pos += BLOCK + padded(size);
    }
    const block = stream.subarray(pos, pos + BLOCK);
    const typeflag = String.fromCharCode(block[156]);
    const prefix = cString(block, 345, 155);
    const base = cString(block, 0, 100);
    const name =
      pax.get('path') ?? (prefix.length > 0 ? Buffer.concat([prefix, Buffer.from('/'), base]) : Buffer.from(base));
    const headerOnly = '123456'.includes(typeflag);
    const size = headerOnly ? 0 : pax.has('size') ? Number(pax.get('size').toString('latin1')) : octal(block, 124, 12);
    pos += BLOCK;
    entries.push({ name, typeflag, header: stream.subarray(start, pos), contentStart: pos, size });
    pos += padded(size);
  }
}

/** Field names of a USTAR block by offset, to say which fields of two headers differ. */
export const HEADER_FIELDS = [
  ['name', 0, 100],
  ['mode', 100, 8],
  ['uid', 108, 8],
  ['gid', 116, 8],
  ['size', 124, 12],
  ['mtime', 136, 12],
  ['chksum', 148, 8],
  ['typeflag', 156, 1],
  ['linkname', 157, 100],
  ['magic', 257, 6],
  ['version', 263, 2],
  ['uname', 265, 32],
  ['gname', 297, 32],
  ['devmajor', 329, 8],
  ['devminor', 337, 8],
  ['prefix', 345, 155],
  ['pad', 500, 12],
];

/** The fields of an entry's USTAR block, for a failure message: name="…" mode="0000644\0" … */
export function describeHeader(header) {
  const block = header.subarray(header.length - BLOCK);
  return HEADER_FIELDS.filter(([f]) => f !== 'pad')
    .map(
      ([f, o, w]) =>
        `${f}=${JSON.stringify(
          block
            .subarray(o, o + w)
            .toString('latin1')
            .replace(/\0+$/, '\0'),
        )}`,
    )
    .join(' ');
}
