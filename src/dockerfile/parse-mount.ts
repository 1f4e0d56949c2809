// RUN --mount values: a CSV record of key=value fields (moby/buildkit
// frontend/dockerfile/instructions/commands_runmount.go parseMount). BuildKit parses each value
// twice: once while parsing the Dockerfile, when only the CSV syntax and `from` are checked and
// every other value is left for later, and once at dispatch with variable expansion.

export class MountError extends Error {}

const MOUNT_TYPES = new Set(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
const SHARING = new Set(['shared', 'private', 'locked']);
const KNOWN_KEYS = new Set([
  'type',
  'from',
  'source',
  'src',
  'target',
  'dst',
  'destination',
  'readonly',
  'ro',
  'readwrite',
  'rw',
  'id',
  'sharing',
  'required',
  'mode',
  'uid',
  'gid',
  'size',
  'env',
]);

/**
 * One record of encoding/csv (default Reader: `,` separator, RFC 4180 quotes, no lazy quotes,
 * no leading-space trimming). Throws MountError with encoding/csv's message.
 */
export function readCsvRecord(text: string): string[] {
  if (text === '') throw new MountError('failed to parse csv mounts: EOF');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new MountError('failed to parse csv mounts: extraneous or missing " in quoted-field');
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
          continue;
        }
        if (i === text.length || text[i] === ',' || text[i] === '\n') break;
        throw new MountError('failed to parse csv mounts: extraneous or missing " in quoted-field');
      }
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n') end++;
      field = text.slice(i, end);
      if (field.includes('"')) throw new MountError('failed to parse csv mounts: bare " in non-quoted-field');
      i = end;
    }
    // encoding/csv drops a "\r" before the record's "\n".
    fields.push(field.endsWith('\r') && text[i] === '\n' ? field.slice(0, -1) : field);
    if (i >= text.length || text[i] === '\n') return fields;
    i++;
  }
}

export interface ParsedMount {
  type: string;
  from: string | null;
  source: string | null;
  target: string | null;
  id: string | null;
  readOnly: boolean;
  /** Every key=value field, keys lower-cased, values expanded. */
  options: Record<string, string>;
  /** The same fields before expansion. */
  rawOptions: Record<string, string>;
}

/** The checks BuildKit makes while parsing: CSV syntax, key=value form, no variables in `from`. */
export function checkMountSyntax(spec: string): { from: string | null } {
  let from: string | null = null;
  for (const field of readCsvRecord(spec)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro' || key === 'readwrite' || key === 'rw' || key === 'required') continue;
      throw new MountError(`invalid field '${field}' must be a key=value pair`);
    }
    if (key !== 'from') continue;
    const value = field.slice(eq + 1);
    // `\$.`: a `$` followed by anything (a trailing `$` cannot start a variable).
    if (/\$[^\n]/.test(value))
      throw new MountError(`'${key}' doesn't support variable expansion, define alias stage instead`);
    from = value;
  }
  return { from };
}

function parseBool(key: string, value: string): boolean {
  // strconv.ParseBool
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw new MountError(`invalid value for ${key}: ${value}`);
}

function parseUint(value: string, base: 8 | 10, what: string): void {
  const re = base === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!re.test(value) || Number.parseInt(value, base) > 0xffffffff)
    throw new MountError(`invalid value ${value} for ${what}`);
}

/** The dispatch-time parse: `expand` is BuildKit's variable expansion for the stage. */
export function parseMount(spec: string, expand: (value: string) => string): ParsedMount {
  const m: ParsedMount = {
    type: 'bind',
    from: null,
    source: null,
    target: null,
    id: null,
    readOnly: false,
    options: {},
    rawOptions: {},
  };
  let roAuto = true;
  let hasFileInfo = false;
  let sharing = false;
  for (const field of readCsvRecord(spec)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro' || key === 'readwrite' || key === 'rw') {
        m.readOnly = key === 'readonly' || key === 'ro';
        roAuto = false;
        continue;
      }
      if (key === 'required' && (m.type === 'secret' || m.type === 'ssh')) continue;
      if (key === 'required') throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
      throw new MountError(`invalid field '${field}' must be a key=value pair`);
    }
    const raw = field.slice(eq + 1);
    const value = expand(raw);
    if (!KNOWN_KEYS.has(key)) throw new MountError(`unexpected key '${key}' in '${field}'`);
    m.options[key] = value;
    m.rawOptions[key] = raw;
    switch (key) {
      case 'type':
        if (!MOUNT_TYPES.has(value.toLowerCase())) throw new MountError(`unsupported mount type "${value}"`);
        m.type = value.toLowerCase();
        break;
      case 'from':
        m.from = value;
        break;
      case 'source':
      case 'src':
        m.source = value;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        m.target = value;
        break;
      case 'readonly':
      case 'ro':
        m.readOnly = parseBool(key, value);
        roAuto = false;
        break;
      case 'readwrite':
      case 'rw':
        m.readOnly = !parseBool(key, value);
        roAuto = false;
        break;
      case 'required':
        if (m.type !== 'secret' && m.type !== 'ssh')
          throw new MountError(`unexpected key '${key}' for mount type '${m.type}'`);
        parseBool(key, value);
        break;
      case 'id':
        m.id = value;
        break;
      case 'sharing':
        if (!SHARING.has(value.toLowerCase())) throw new MountError(`unsupported sharing value "${value}"`);
        sharing = true;
        break;
      case 'mode':
        parseUint(value, 8, 'mode');
        hasFileInfo = true;
        break;
      case 'uid':
      case 'gid':
        parseUint(value, 10, key);
        hasFileInfo = true;
        break;
      default:
        break;
    }
  }
  if (hasFileInfo && m.type !== 'secret' && m.type !== 'ssh' && m.type !== 'cache') {
    throw new MountError(`mode, uid and gid are not allowed for "${m.type}" type mounts`);
  }
  if (roAuto) m.readOnly = !(m.type === 'cache' || m.type === 'tmpfs');
  if (sharing && m.type !== 'cache') throw new MountError(`invalid cache sharing set for ${m.type} mount`);
  if (m.type === 'secret' && m.from !== null) throw new MountError('secret mount should not have a from');
  return m;
}
