// How a program is confined: bubblewrap gives it fresh namespaces (no network, its own pids,
// no view of the host's files beyond the read-only toolchains), prlimit inside the sandbox
// bounds its address space, CPU time, processes, file sizes and open files. When the server
// runs as root, bubblewrap is started as `nobody`: the kernel does not enforce RLIMIT_NPROC for
// root's user, and nobody owns nothing the sandbox could reach.
import { spawn } from 'node:child_process';
import { lstatSync, readlinkSync } from 'node:fs';

export interface ResourceLimits {
  /** Address space, bytes. */
  addressSpaceBytes: number;
  cpuSeconds: number;
  processes: number;
  fileSizeBytes: number;
  openFiles: number;
}

export interface Mount {
  /** The path on the host. */
  source: string;
  /** Where it shows inside the sandbox (the same path when absent). */
  target?: string;
}

export interface SandboxCommand {
  /** The working directory on the host: bound read-write at /sandbox (compile steps). */
  workDir?: string;
  /** Or files bound read-only into a size-limited tmpfs at /sandbox (run steps). */
  files?: Array<{ source: string; name: string }>;
  /** Read-only binds a toolchain needs beyond /usr (its prefix, its configuration). */
  binds: readonly Mount[];
  limits: ResourceLimits;
  /** The size of the tmpfs at /tmp (and at /sandbox when `files` is given). */
  tmpfsBytes: number;
  argv: readonly string[];
}

export const SANDBOX_DIR = '/sandbox';
export const NOBODY = 65534;
const PATH = '/usr/local/bin:/usr/bin:/bin';

/** The host's top-level system folders: merged-/usr systems have symlinks (/bin -> usr/bin). */
export function systemRoot(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const path of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- a fixed list of system folders
      const stat = lstatSync(path);
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- a fixed list of system folders
      if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
      else if (stat.isDirectory()) args.push('--ro-bind', path, path);
    } catch {
      // absent on this system: nothing to mirror
    }
  }
  // Read-only, and none holds a secret: the dynamic linker's cache and Debian's alternatives.
  args.push('--ro-bind-try', '/etc/alternatives', '/etc/alternatives');
  args.push('--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache');
  return args;
}

/** The argv that runs `command` confined (the first element is the program to start). */
export function sandboxArgv(command: SandboxCommand, options: { root: readonly string[]; asRoot: boolean }) {
  const { limits } = command;
  const args = [
    'bwrap',
    '--unshare-all',
    // Required, not "-try": without a user namespace RLIMIT_NPROC would count the host user's processes.
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--hostname',
    'sandbox',
    ...options.root,
    ...command.binds.flatMap((mount) => ['--ro-bind-try', mount.source, mount.target ?? mount.source]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(command.tmpfsBytes),
    '--tmpfs',
    '/tmp',
  ];
  if (command.workDir) args.push('--bind', command.workDir, SANDBOX_DIR);
  else {
    args.push('--size', String(command.tmpfsBytes), '--tmpfs', SANDBOX_DIR);
    for (const file of command.files ?? []) args.push('--ro-bind', file.source, `${SANDBOX_DIR}/${file.name}`);
  }
  args.push(
    '--chdir',
    SANDBOX_DIR,
    '--clearenv',
    '--setenv',
    'PATH',
    PATH,
    '--setenv',
    'HOME',
    '/tmp',
    '--setenv',
    'LANG',
    'C.UTF-8',
    '--',
    '/usr/bin/prlimit',
    `--as=${limits.addressSpaceBytes}`,
    `--cpu=${limits.cpuSeconds}`,
    `--nproc=${limits.processes}`,
    `--fsize=${limits.fileSizeBytes}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
    '--',
    ...command.argv,
  );
  return options.asRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', ...args] : args;
}

/**
 * Whether bubblewrap can create its namespaces here: undefined when it can, else why not (a
 * container without user namespaces, AppArmor's restriction on Ubuntu, bwrap missing).
 */
export async function probeIsolation(root: readonly string[], asRoot: boolean): Promise<string | undefined> {
  const argv = sandboxArgv(
    {
      binds: [],
      limits: {
        addressSpaceBytes: 256 * 1024 * 1024,
        cpuSeconds: 5,
        processes: 16,
        fileSizeBytes: 1024 * 1024,
        openFiles: 64,
      },
      tmpfsBytes: 1024 * 1024,
      argv: ['/bin/true'],
    },
    { root, asRoot },
  );
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { PATH }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(
        error.code === 'ENOENT'
          ? `${argv[0]} is not installed (install bubblewrap and util-linux)`
          : `cannot start ${argv[0]}: ${error.message}`,
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(
        code === 0
          ? undefined
          : `bubblewrap cannot create its namespaces here: ${stderr.trim().slice(0, 300) || `exit code ${code}`}`,
      );
    });
  });
}
