// The worker thread entry of the static analysis pool (piscina): one file, or one TypeScript
// program check, per task.
import { analyzeFile } from './analyze.js';
import type { FileAnalysis, FileTask } from './file-analysis.js';
import { typecheck, type TypecheckResult, type TypecheckTask } from './typecheck.js';

export default function run(task: FileTask | TypecheckTask): Promise<FileAnalysis> | TypecheckResult {
  return task.kind === 'file' ? analyzeFile(task) : typecheck(task);
}
