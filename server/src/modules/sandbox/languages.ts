// The languages the sandbox runs: each names its source file, how it is compiled (inside the
// sandbox too) and run, and how its toolchain is found and versioned once at start.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Mount } from './isolation.js';

export const LANGUAGE_IDS = ['python', 'javascript', 'typescript', 'bash', 'c', 'cpp', 'csharp', 'perl'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

export interface Step {
  argv: string[];
}

export interface LanguageSpec {
  id: LanguageId;
  label: string;
  extension: string;
  /** Where the toolchain comes from, for a language whose toolchain is missing. */
  install: string;
  /** The program whose presence makes the language available, and how its version is read. */
  probe: { argv: string[]; version?: (output: string) => string };
  binds: Mount[];
  /** Source text turned into the file to run, on the server (TypeScript). */
  transpile?: (code: string, filename: string) => { output: string; filename: string; errors: string };
  compile?: (filename: string) => Step;
  run: (filename: string, memoryMb: number) => Step;
  /** Extra address space the runtime reserves without using it (V8 reserves ~700 MB up front). */
  addressSpaceOverheadMb?: number;
}

const firstLine = (output: string) => output.trim().split('\n')[0]?.trim() ?? '';

/** python3 here may be a pyenv shim: run the system interpreter, or the real one and its prefix. */
function python(): { path: string; binds: Mount[] } {
  if (existsSync('/usr/bin/python3')) return { path: '/usr/bin/python3', binds: [] };
  try {
    const [executable, prefix] = execFileSync(
      'python3',
      ['-c', 'import sys; print(sys.executable); print(sys.base_prefix)'],
      {
        encoding: 'utf8',
        timeout: 10_000,
      },
    )
      .trim()
      .split('\n');
    if (executable && prefix) return { path: executable, binds: [{ source: prefix }] };
  } catch {
    // no python3 at all: the language shows as unavailable
  }
  return { path: '/usr/bin/python3', binds: [] };
}

// The node running the server runs JavaScript; its folder is bound when it is not under /usr.
const nodePath = process.execPath;
const nodeBinds: Mount[] = nodePath.startsWith('/usr/') ? [] : [{ source: dirname(dirname(nodePath)) }];
const nodeRun = (filename: string, memoryMb: number): Step => ({
  argv: [nodePath, `--max-old-space-size=${memoryMb}`, filename],
});

// TypeScript is loaded on the first TypeScript run, not with the server (it costs about 35 MB).
const nodeRequire = createRequire(import.meta.url);
let typescript: typeof import('typescript') | undefined;

function transpileTypeScript(code: string, filename: string) {
  const ts = (typescript ??= nodeRequire('typescript') as typeof import('typescript'));
  const result = ts.transpileModule(code, {
    fileName: filename,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  const errors = (result.diagnostics ?? [])
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (!diagnostic.file || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${message}`;
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${filename}(${line + 1},${character + 1}): error TS${diagnostic.code}: ${message}`;
    });
  return {
    output: result.outputText,
    filename: filename.replace(/\.ts$/, '.js'),
    errors: errors.length ? `${errors.join('\n')}\n` : '',
  };
}

export function languageSpecs(): Record<LanguageId, LanguageSpec> {
  const py = python();
  return {
    python: {
      id: 'python',
      label: 'Python',
      extension: '.py',
      install: 'python3',
      probe: { argv: [py.path, '--version'] },
      binds: py.binds,
      run: (file) => ({ argv: [py.path, file] }),
    },
    javascript: {
      id: 'javascript',
      label: 'JavaScript (Node.js)',
      extension: '.js',
      install: 'nodejs',
      probe: { argv: [nodePath, '--version'], version: (output) => `Node.js ${firstLine(output)}` },
      binds: nodeBinds,
      run: nodeRun,
      addressSpaceOverheadMb: 1024,
    },
    typescript: {
      id: 'typescript',
      label: 'TypeScript',
      extension: '.ts',
      install: 'nodejs and the typescript npm package',
      probe: {
        argv: [nodePath, '--version'],
        version: (output) =>
          `TypeScript ${(nodeRequire('typescript/package.json') as { version: string }).version}, Node.js ${firstLine(output)}`,
      },
      binds: nodeBinds,
      transpile: transpileTypeScript,
      run: nodeRun,
      addressSpaceOverheadMb: 1024,
    },
    bash: {
      id: 'bash',
      label: 'Bash',
      extension: '.sh',
      install: 'bash',
      probe: { argv: ['/bin/bash', '--version'] },
      binds: [],
      run: (file) => ({ argv: ['/bin/bash', file] }),
    },
    c: {
      id: 'c',
      label: 'C (gcc)',
      extension: '.c',
      install: 'gcc',
      probe: { argv: ['gcc', '--version'] },
      binds: [],
      compile: (file) => ({ argv: ['gcc', '-O1', '-o', 'prog', file, '-lm'] }),
      run: () => ({ argv: ['./prog'] }),
    },
    cpp: {
      id: 'cpp',
      label: 'C++ (g++)',
      extension: '.cpp',
      install: 'g++',
      probe: { argv: ['g++', '--version'] },
      binds: [],
      compile: (file) => ({ argv: ['g++', '-O1', '-o', 'prog', file] }),
      run: () => ({ argv: ['./prog'] }),
    },
    csharp: {
      id: 'csharp',
      label: 'C# (Mono)',
      extension: '.cs',
      install: 'mono-mcs (and mono-runtime)',
      probe: { argv: ['mcs', '--version'] },
      binds: [{ source: '/etc/mono' }],
      compile: (file) => ({ argv: ['mcs', '-out:main.exe', file] }),
      run: () => ({ argv: ['mono', 'main.exe'] }),
      addressSpaceOverheadMb: 256,
    },
    perl: {
      id: 'perl',
      label: 'Perl',
      extension: '.pl',
      install: 'perl',
      probe: { argv: ['perl', '-e', 'print "Perl $^V"'] },
      binds: [],
      run: (file) => ({ argv: ['perl', file] }),
    },
  };
}

export interface Toolchain {
  available: boolean;
  version: string | null;
}

/** Runs a language's probe outside the sandbox: the version of a toolchain, or null when absent. */
export function detectToolchain(spec: LanguageSpec): Promise<Toolchain> {
  const [program, ...args] = spec.probe.argv;
  return new Promise((resolve) => {
    execFile(
      program!,
      args,
      { timeout: 10_000, env: { PATH: '/usr/local/bin:/usr/bin:/bin' } },
      (error, stdout, stderr) => {
        if (error) return resolve({ available: false, version: null });
        const output = `${stdout}${stderr}`;
        resolve({ available: true, version: (spec.probe.version ?? firstLine)(output) || null });
      },
    );
  });
}
