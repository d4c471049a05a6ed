import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosticLabels } from '../lib/diagnostics';

/** The translated texts of inline findings, stable across renders (the editor re-marks on change). */
export function useDiagnosticLabels(): DiagnosticLabels {
  const { t, i18n } = useTranslation('code');
  return useMemo(
    () => ({
      source: (finding) => `${t(`severity.${finding.severity}`)} · ${finding.ruleId}`,
      fixAction: t('fix.open'),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- t changes with the language
    [t, i18n.language],
  );
}
