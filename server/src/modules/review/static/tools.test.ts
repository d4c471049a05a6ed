import { describe, expect, it } from 'vitest';
import { runTools, toolAvailability, TOOLS } from './tools.js';

const tool = (name: string) => TOOLS.find((candidate) => candidate.name === name)!;

describe('external tools', () => {
  it('uses the tools that are installed and reports the others as skipped', async () => {
    const available = new Map((await toolAvailability()).map((entry) => [entry.name, Boolean(entry.path)]));
    const shell = await runTools('deploy.sh', '#!/bin/bash\nrm -rf $DIR/\n', 'shell');
    expect(shell.statuses).toEqual([
      available.get('shellcheck')
        ? { name: 'shellcheck', status: 'used' }
        : { name: 'shellcheck', status: 'skipped', detail: 'not installed' },
    ]);
    if (available.get('shellcheck')) {
      expect(shell.findings.map((finding) => finding.ruleId)).toContain('shellcheck/SC2086');
      expect(shell.findings.find((finding) => finding.ruleId === 'shellcheck/SC2115')).toMatchObject({
        line: 2,
        severity: 'medium',
      });
    }
    const c = await runTools('main.c', 'int main(void) { return 0; }\n', 'c');
    expect(c.statuses[0]).toMatchObject({ name: 'cppcheck', status: available.get('cppcheck') ? 'used' : 'skipped' });
  });

  it('reports every tool as skipped when tools are turned off', async () => {
    const python = await runTools('a.py', 'import os\n', 'python', { disabled: true });
    expect(python.statuses.map((status) => [status.name, status.status])).toEqual([
      ['pyflakes', 'skipped'],
      ['pylint', 'skipped'],
      ['pyright', 'skipped'],
    ]);
  });

  it('has nothing to run for languages without tools', async () => {
    expect(await runTools('a.go', 'package main\n', 'go')).toEqual({ findings: [], statuses: [] });
  });
});

describe('reading tool output', () => {
  it('pyflakes', () => {
    const findings = tool('pyflakes').parse(
      {
        stdout: "/tmp/x/app.py:3:5: undefined name 'requets'\n/tmp/x/app.py:1:1: 'os' imported but unused\n",
        stderr: '',
        code: 1,
      },
      '/tmp/x/app.py',
    );
    expect(findings.map((finding) => [finding.ruleId, finding.line, finding.column, finding.severity])).toEqual([
      ['pyflakes/undefined-name', 3, 5, 'medium'],
      ['pyflakes/unused-import', 1, 1, 'low'],
    ]);
  });

  it('cppcheck', () => {
    const findings = tool('cppcheck').parse(
      {
        stdout: '',
        stderr:
          '12\t5\terror\tbufferAccessOutOfBounds\tBuffer is accessed out of bounds: buf\n3\t1\tstyle\tunusedFunction\tunused\n',
        code: 0,
      },
      'x.c',
    );
    expect(findings.map((finding) => [finding.ruleId, finding.line, finding.severity, finding.category])).toEqual([
      ['cppcheck/bufferAccessOutOfBounds', 12, 'high', 'bug'],
      ['cppcheck/unusedFunction', 3, 'info', 'style'],
    ]);
  });

  it('pylint', () => {
    const findings = tool('pylint').parse(
      {
        stdout: JSON.stringify([
          { type: 'warning', line: 4, column: 0, symbol: 'unused-variable', message: "Unused variable 'x'" },
        ]),
        stderr: '',
        code: 4,
      },
      'a.py',
    );
    expect(findings[0]).toMatchObject({
      ruleId: 'pylint/unused-variable',
      line: 4,
      column: 1,
      severity: 'low',
      category: 'bug',
    });
  });

  it('pyright', () => {
    const findings = tool('pyright').parse(
      {
        stdout: JSON.stringify({
          generalDiagnostics: [
            {
              severity: 'error',
              message: 'x is not defined',
              rule: 'reportUndefinedVariable',
              range: { start: { line: 1, character: 4 } },
            },
          ],
        }),
        stderr: '',
        code: 1,
      },
      'a.py',
    );
    expect(findings[0]).toMatchObject({
      ruleId: 'pyright/reportUndefinedVariable',
      line: 2,
      column: 5,
      severity: 'medium',
    });
  });
});
