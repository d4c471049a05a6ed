// What a run printed, as a log region (screen readers hear new output politely), stderr set
// apart by a bar as well as colour, then how it ended and why, if a limit stopped it.
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '@/components/error-message';
import { formatDuration, formatNumber } from '@/lib/format';
import { DISPLAY_LIMITS, isActive, type RunOutput } from '../lib/run-output';

function ExitSummary({ output }: { output: RunOutput }) {
  const { t } = useTranslation('sandbox');
  const { exit } = output;
  if (!exit) return null;
  const duration = formatDuration(exit.durationMs);
  const summary =
    exit.exitCode !== null
      ? t('exit.code', { code: exit.exitCode, duration })
      : exit.signal
        ? t('exit.signal', { signal: exit.signal, duration })
        : t('exit.unknown', { duration });
  const failed = exit.exitCode !== 0 || exit.limit !== null;
  return (
    <div className="run-exit">
      <p
        className={failed ? 'run-exit__summary run-exit__summary--failed' : 'run-exit__summary'}
        data-testid="run-exit"
      >
        {summary}
      </p>
      {output.stopped && !exit.limit && <p className="run-exit__note">{t('exit.stopped')}</p>}
      {exit.limit && (
        <p className="alert run-exit__limit" data-limit={exit.limit}>
          {t(`exit.limit.${exit.limit}`)}
        </p>
      )}
      {exit.outputTruncated && exit.limit !== 'output' && <p className="run-exit__note">{t('output.truncated')}</p>}
    </div>
  );
}

export function RunOutputView({ output, label }: { output: RunOutput; label?: string }) {
  const { t } = useTranslation('sandbox');
  const finished = output.phase === 'finished';
  return (
    <div className="run-output">
      {/* Focusable so that keyboard users can scroll long output. */}
      <pre
        className="run-output__log"
        role="log"
        aria-live="polite"
        aria-label={label ?? t('output.label')}
        tabIndex={0}
      >
        {output.lines.map((line) => (
          <span
            key={line.key}
            className={`run-output__line run-output__line--${line.stream}`}
            data-stream={line.stream}
          >
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
      {output.phase === 'idle' && <p className="text-muted run-output__empty">{t('panel.empty')}</p>}
      {finished && output.lines.length === 0 && <p className="text-muted run-output__empty">{t('output.noOutput')}</p>}
      {output.cut && (
        <p className="run-exit__note">
          {t('output.cut', {
            lines: formatNumber(DISPLAY_LIMITS.lines),
            size: `${formatNumber(DISPLAY_LIMITS.chars / 1024)} KiB`,
          })}
        </p>
      )}
      {!isActive(output.phase) && <ExitSummary output={output} />}
      <ErrorMessage error={output.error} showDetail />
    </div>
  );
}
