import { describe, expect, it } from 'vitest';
import { NOBODY, sandboxArgv, type SandboxCommand } from './isolation.js';
import { decodeExit, limitOf } from './runner.js';

const command: SandboxCommand = {
  binds: [{ source: '/opt/node' }],
  limits: { addressSpaceBytes: 1000, cpuSeconds: 3, processes: 64, fileSizeBytes: 2000, openFiles: 256 },
  tmpfsBytes: 4096,
  argv: ['python3', 'main.py'],
};
const root = ['--ro-bind', '/usr', '/usr'];

const valueAfter = (argv: string[], flag: string) => argv[argv.indexOf(flag) + 1];

describe('the sandbox command line', () => {
  it('confines the program in new namespaces with a clean environment and limits applied inside', () => {
    const argv = sandboxArgv(command, { root, asRoot: false });
    expect(argv[0]).toBe('bwrap');
    expect(argv).toEqual(
      expect.arrayContaining(['--unshare-all', '--unshare-user', '--die-with-parent', '--new-session', '--clearenv']),
    );
    expect(argv).not.toContain('--share-net');
    const separator = argv.indexOf('--');
    expect(argv.slice(separator + 1)).toEqual([
      '/usr/bin/prlimit',
      '--as=1000',
      '--cpu=3',
      '--nproc=64',
      '--fsize=2000',
      '--nofile=256',
      '--core=0',
      '--',
      'python3',
      'main.py',
    ]);
    const env = argv.slice(0, separator).flatMap((arg, index, all) => (arg === '--setenv' ? [all[index + 1]] : []));
    expect(env).toEqual(['PATH', 'HOME', 'LANG']);
    expect(argv.join(' ')).toContain('--ro-bind-try /opt/node /opt/node');
  });

  it('gives a run step its files read-only in a size-limited tmpfs', () => {
    const argv = sandboxArgv(
      { ...command, files: [{ source: '/tmp/run-1/main.py', name: 'main.py' }] },
      { root, asRoot: false },
    );
    expect(argv.join(' ')).toContain('--size 4096 --tmpfs /sandbox --ro-bind /tmp/run-1/main.py /sandbox/main.py');
    expect(valueAfter(argv, '--chdir')).toBe('/sandbox');
  });

  it('binds the run directory read-write for a compile step', () => {
    const argv = sandboxArgv({ ...command, workDir: '/tmp/run-2' }, { root, asRoot: false });
    expect(argv.join(' ')).toContain('--bind /tmp/run-2 /sandbox');
    expect(argv.join(' ')).not.toContain('--tmpfs /sandbox');
  });

  it('starts bubblewrap as nobody when the server is root, so the process limit holds', () => {
    const argv = sandboxArgv(command, { root, asRoot: true });
    expect(argv.slice(0, 6)).toEqual([
      'setpriv',
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      '--clear-groups',
      '--',
      'bwrap',
    ]);
  });
});

describe('reading how a sandboxed program ended', () => {
  it('tells an exit code from bubblewrap’s 128 + signal', () => {
    expect(decodeExit(3, null)).toEqual({ exitCode: 3, signal: null });
    expect(decodeExit(137, null)).toEqual({ exitCode: null, signal: 'SIGKILL' });
    expect(decodeExit(null, 'SIGKILL')).toEqual({ exitCode: null, signal: 'SIGKILL' });
  });

  it('names the limit that ended the run', () => {
    const none = { timedOut: false, flooded: false };
    expect(limitOf({ exitCode: null, signal: 'SIGKILL' }, '', { ...none, timedOut: true })).toBe('timeout');
    expect(limitOf({ exitCode: null, signal: 'SIGKILL' }, '', { ...none, flooded: true })).toBe('output');
    expect(limitOf({ exitCode: null, signal: 'SIGXCPU' }, '', none)).toBe('cpu');
    expect(limitOf({ exitCode: 1, signal: null }, 'Traceback…\nMemoryError\n', none)).toBe('memory');
    expect(limitOf({ exitCode: 0, signal: null }, 'printed MemoryError', none)).toBeNull();
    expect(limitOf({ exitCode: 2, signal: null }, 'syntax error', none)).toBeNull();
  });
});
