import { Text } from '@codemirror/state';
import { describe, expect, it, vi } from 'vitest';
import type { Finding } from '../api/types';
import { findingsToDiagnostics } from './diagnostics';

const doc = Text.of(['const a = 1;', 'eval(input);', '', 'exec(cmd)']);
const labels = { source: (finding: Finding) => `${finding.severity} · ${finding.ruleId}`, fixAction: 'Show fix' };

const finding = (overrides: Partial<Finding>): Finding => ({
  id: 'f1',
  file: 'a.js',
  line: 1,
  column: 1,
  ruleId: 'rule',
  severity: 'medium',
  category: 'security',
  message: 'message',
  source: 'static',
  fixState: null,
  ...overrides,
});

describe('findings as editor diagnostics', () => {
  it('turns 1-based lines and columns into offsets, with the severity mapped', () => {
    const [diagnostic] = findingsToDiagnostics(
      doc,
      [
        finding({
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 5,
          severity: 'critical',
          ruleId: 'js-eval',
          message: 'eval of input',
        }),
      ],
      labels,
    );
    // Line 2 starts after "const a = 1;\n" (13 characters).
    expect(diagnostic).toMatchObject({
      from: 13,
      to: 17,
      severity: 'error',
      message: 'eval of input',
      source: 'critical · js-eval',
    });
    expect(doc.sliceString(diagnostic!.from, diagnostic!.to)).toBe('eval');
    expect(diagnostic!.markClass).toBe('cm-finding--critical');
  });

  it('marks the rest of the line without an end, and maps every severity', () => {
    const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
    const diagnostics = findingsToDiagnostics(
      doc,
      severities.map((severity, index) => finding({ id: `f${index}`, line: 2, column: 6, severity })),
      labels,
    );
    expect(diagnostics.map((item) => item.severity)).toEqual(['error', 'error', 'warning', 'info', 'hint']);
    expect(doc.sliceString(diagnostics[0]!.from, diagnostics[0]!.to)).toBe('input);');
  });

  it('clamps columns past the end of a line and drops findings on lines that no longer exist', () => {
    const diagnostics = findingsToDiagnostics(
      doc,
      [
        finding({ line: 3, column: 40 }),
        finding({ line: 9, column: 1 }),
        finding({ line: 4, column: 1, endLine: 12, endColumn: 3 }),
      ],
      labels,
    );
    expect(diagnostics).toHaveLength(2);
    expect(diagnostics[0]).toMatchObject({ from: 26, to: 26 });
    expect(doc.sliceString(diagnostics[1]!.from, diagnostics[1]!.to)).toBe('exec(cmd)');
  });

  it('offers "Show fix" only on findings with an available fix', () => {
    const onFix = vi.fn();
    const withFix = finding({ id: 'fixable', line: 1, fixState: 'available' });
    const diagnostics = findingsToDiagnostics(
      doc,
      [withFix, finding({ id: 'applied', line: 2, fixState: 'applied' }), finding({ id: 'none', line: 4 })],
      labels,
      onFix,
    );
    expect(diagnostics.map((item) => item.actions?.map((action) => action.name))).toEqual([
      ['Show fix'],
      undefined,
      undefined,
    ]);
    diagnostics[0]!.actions![0]!.apply(undefined as never, 0, 0);
    expect(onFix).toHaveBeenCalledWith(withFix);
  });
});
