// The public API: analysis, the data model, reporters. Nothing else is public.
export { analyze, DEFAULT_TOP, type AnalyzeOptions } from './analyze.js';
export { BuildctxError, type BuildctxErrorCode } from './errors.js';
export { parseIgnoreFile } from './context/ignore-file.js';
export { PatternMatcher } from './context/matcher.js';
export { loadContext, prepareContext, type LoadOptions, type LoadedContext, type PreparedContext } from './context/load-context.js';
export { explainPath, type PathExplanation } from './context/explain-path.js';
export { MemoryFileSystem, type MemoryNode } from './fs/memory-fs.js';
export { nodeFileSystem } from './fs/node-fs.js';
export type { FileSystem, DirEntry, EntryStat } from './fs/file-system.js';
export { renderJson } from './report/json.js';
export { renderTable, type TableOptions } from './report/table.js';
export type * from './types.js';
export { VERSION } from './version.js';
