// TypeScript's own diagnostics for a folder with a tsconfig.json (path and workspace reviews):
// the program is built from the tsconfig, and only diagnostics in the reviewed files are kept.
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import type { RawFinding } from '../model.js';
import { ruleInfo } from '../rule-catalog.js';

export interface TypecheckTask {
  kind: 'typecheck';
  /** The folder to start looking for tsconfig.json from (upwards). */
  root: string;
  /** Reviewed files: absolute path → the path the report uses. */
  files: Record<string, string>;
}

export interface TypecheckResult {
  kind: 'typecheck';
  tsconfig?: string;
  findings: RawFinding[];
  detail?: string;
}

const MAX_DIAGNOSTICS = 1000;

export function typecheck(task: TypecheckTask): TypecheckResult {
  const tsconfig = ts.findConfigFile(resolve(task.root), ts.sys.fileExists, 'tsconfig.json');
  if (!tsconfig) return { kind: 'typecheck', findings: [], detail: 'no tsconfig.json' };
  const problems: ts.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => problems.push(diagnostic),
    },
  );
  if (!parsed) return { kind: 'typecheck', tsconfig, findings: [], detail: 'tsconfig.json could not be read' };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  const findings: RawFinding[] = [];
  const { category } = ruleInfo('typescript/TS0');
  for (const source of program.getSourceFiles()) {
    const reported = task.files[resolve(source.fileName)];
    if (reported === undefined) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    for (const diagnostic of diagnostics) {
      if (findings.length >= MAX_DIAGNOSTICS || diagnostic.start === undefined) continue;
      if (diagnostic.category !== ts.DiagnosticCategory.Error && diagnostic.category !== ts.DiagnosticCategory.Warning)
        continue;
      const start = source.getLineAndCharacterOfPosition(diagnostic.start);
      const end = source.getLineAndCharacterOfPosition(diagnostic.start + (diagnostic.length ?? 0));
      findings.push({
        file: reported,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        ruleId: `typescript/TS${diagnostic.code}`,
        severity: diagnostic.category === ts.DiagnosticCategory.Error ? 'medium' : 'low',
        category,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
      });
    }
  }
  return {
    kind: 'typecheck',
    tsconfig: relative(process.cwd(), tsconfig) || tsconfig,
    findings,
    ...(problems.length ? { detail: `tsconfig problems in ${dirname(tsconfig)}` } : {}),
  };
}
