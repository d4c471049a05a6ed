// "Run" on a chat answer's code block: the output opens inline under the block. Offered only
// for languages the sandbox knows, and only once the server says it can run them.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSandboxLanguages } from '../api/get-languages';
import { sandboxLanguageOf } from '../lib/languages';
import { RunPanel } from './run-panel';

/** The Run toggle for a code block's bar, and the inline panel it opens (render both). */
export function useCodeBlockRun(code: string, fence: string | null | undefined) {
  const { t } = useTranslation('sandbox');
  const language = sandboxLanguageOf(fence);
  const languages = useSandboxLanguages(language !== null);
  const [open, setOpen] = useState(false);
  const id = useId();
  const runnable =
    language !== null &&
    code.trim() !== '' &&
    languages.data?.available === true &&
    languages.data.languages.some((item) => item.id === language && item.available);
  if (!runnable || language === null) return { toggle: null, panel: null };
  const name = t(`languages.${language}`);
  return {
    toggle: (
      <button
        type="button"
        className="btn btn--sm btn--ghost code-block__run-toggle"
        aria-expanded={open}
        aria-controls={id}
        aria-label={open ? t('codeBlock.hide') : t('codeBlock.runLabel', { language: name })}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? t('codeBlock.hide') : t('codeBlock.run')}
      </button>
    ),
    // Opening the panel is the user's "Run": it starts straight away.
    panel: open ? (
      <div id={id} className="code-block__run">
        <RunPanel code={code} language={language} label={t('codeBlock.outputOf', { language: name })} autoRun />
      </div>
    ) : null,
  };
}
