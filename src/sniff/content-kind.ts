// What kind of content a large file holds (video, archive, model weights, …), from the type
// file-type detects in its first bytes, with the formats file-type does not know (model weights)
// recognised by their own magic or extension. Pure.

export type ContentKind =
  | 'archive'
  | 'image'
  | 'video'
  | 'audio'
  | 'database'
  | 'model-weights'
  | 'document'
  | 'executable'
  | 'font';

const BY_FILE_TYPE: Record<ContentKind, readonly string[]> = {
  archive: [
    'zip',
    'tar',
    'rar',
    'gz',
    'bz2',
    '7z',
    'dmg',
    'xz',
    'Z',
    'lz',
    'zst',
    'lz4',
    'cab',
    'deb',
    'ar',
    'rpm',
    'cpio',
    'arj',
    'ace',
    'lzh',
    'tar.gz',
    'asar',
    'apk',
    'jar',
    'crx',
    'xpi',
  ],
  image: [
    'jpg',
    'png',
    'apng',
    'gif',
    'webp',
    'flif',
    'xcf',
    'cr2',
    'cr3',
    'orf',
    'arw',
    'dng',
    'nef',
    'rw2',
    'raf',
    'tif',
    'bmp',
    'icns',
    'jxr',
    'psd',
    'bpg',
    'heic',
    'avif',
    'jxl',
    'j2c',
    'jp2',
    'jpm',
    'jpx',
    'ico',
    'cur',
    'ktx',
  ],
  video: [
    'mp4',
    'mkv',
    'webm',
    'mov',
    'avi',
    'mpg',
    'mp2',
    'ogv',
    'flv',
    'mts',
    'm4v',
    'f4v',
    '3gp',
    '3g2',
    'mj2',
    'asf',
    'ogm',
    'mxf',
    'rm',
    'swf',
  ],
  audio: [
    'mid',
    'mp3',
    'm4a',
    'oga',
    'ogg',
    'opus',
    'flac',
    'wav',
    'spx',
    'amr',
    'aif',
    'qcp',
    'ape',
    'wv',
    'voc',
    'ac3',
    'm4p',
    'm4b',
    'f4a',
    'f4p',
    'f4b',
    'mpc',
    'aac',
    'mp1',
    'it',
    's3m',
    'xm',
  ],
  database: ['sqlite', 'parquet', 'arrow', 'avro', 'sav', 'pst'],
  'model-weights': [],
  document: ['pdf', 'epub', 'docx', 'pptx', 'xlsx', 'odt', 'ods', 'odp', 'rtf', 'mobi', 'ps', 'eps'],
  executable: ['elf', 'macho', 'exe', 'wasm', 'class'],
  font: ['woff', 'woff2', 'eot', 'ttf', 'otf', 'ttc'],
};

const KIND_OF_FILE_TYPE = new Map<string, ContentKind>();
for (const [kind, exts] of Object.entries(BY_FILE_TYPE) as [ContentKind, readonly string[]][]) {
  for (const ext of exts) KIND_OF_FILE_TYPE.set(ext, kind);
}

/** Model formats by extension: safetensors, GGUF/GGML, ONNX, PyTorch, Keras/HDF5, TFLite, NumPy, joblib. */
const MODEL_EXTENSIONS = /\.(safetensors|gguf|ggml|onnx|pt|pth|ckpt|h5|hdf5|keras|tflite|npy|npz|joblib|mlmodel)$/i;

function isGguf(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x47 && head[1] === 0x47 && head[2] === 0x55 && head[3] === 0x46;
}

/** safetensors: an 8-byte little-endian header length, then a JSON object. */
function isSafetensors(head: Uint8Array): boolean {
  return head.length >= 9 && head[8] === 0x7b && head[6] === 0 && head[7] === 0;
}

/**
 * The kind of a file from file-type's detected extension (or undefined), its first bytes and its
 * name; null when nothing says.
 */
export function contentKindOf(detected: string | undefined, head: Uint8Array, path: string): ContentKind | null {
  if (isGguf(head) || MODEL_EXTENSIONS.test(path) || (path.endsWith('.safetensors') && isSafetensors(head)))
    return 'model-weights';
  if (detected === undefined) return null;
  return KIND_OF_FILE_TYPE.get(detected) ?? null;
}
