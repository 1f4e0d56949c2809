// The public API: analysis, the data model, reporters. Nothing else is public.
export { analyze, analyzeContext, DEFAULT_TOP, type AnalyzeOptions, type Analysis } from './analyze/analyze.js';
export {
  checks,
  isFindingOf,
  type CheckId,
  type FindingDataMap,
  type MergedFindingData,
  type TypedFinding,
} from './analyze/registry.js';
export type { Check, Want } from './facts/define-check.js';
export type { CheckModel } from './facts/check-model.js';
export type { TargetInfo } from './dockerfile/target.js';
export { planContextFix, type FixOptions, type FixResult } from './fix/fix.js';
export { scanRepository, type ScanOptions, type ScanResult } from './scan/scan.js';
export { packContext, type PackOptions } from './pack/pack.js';
export { parseDockerfile } from './dockerfile/parse-dockerfile.js';
export type { DockerfileModel } from './dockerfile/model.js';
export { BuildctxError, type BuildctxErrorCode } from './errors.js';
export { parseIgnoreFile } from './context/ignore-file.js';
export { PatternMatcher } from './context/matcher.js';
export {
  loadContext,
  prepareContext,
  type LoadOptions,
  type LoadedContext,
  type PreparedContext,
} from './context/load-context.js';
export { explainPath, type PathExplanation } from './context/explain-path.js';
export { diagnose, type DiagnoseOptions } from './diagnose/diagnose.js';
export { parseErrorText, parseMessages, type LogHints, type ParsedText } from './diagnose/parse-messages.js';
export type * from './diagnose/model.js';
export { MemoryFileSystem, type MemoryNode } from './fs/memory-fs.js';
export { nodeFileSystem } from './fs/node-fs.js';
export type { FileSystem, DirEntry, EntryStat } from './fs/file-system.js';
export { fingerprintOf } from './analyze/fingerprint.js';
export {
  applyBaseline,
  failingFindings,
  guardFailures,
  parseBaseline,
  FAIL_ON_LEVELS,
  type Baseline,
  type BaselineOptions,
  type FailOn,
  type GrowthSpec,
} from './guard/guard.js';
export { renderGithub, type GithubOptions } from './report/github.js';
export { renderJson } from './report/json.js';
export { renderMarkdown } from './report/markdown.js';
export { renderDiagnosisText, type DiagnosisTextOptions } from './report/diagnosis-text.js';
export { reporters, FORMATS, type Format, type Reporter, type ReporterOptions } from './report/reporters.js';
export { renderSarif } from './report/sarif.js';
export { renderTable, type TableOptions } from './report/table.js';
export type * from './types.js';
export { VERSION } from './version.js';
