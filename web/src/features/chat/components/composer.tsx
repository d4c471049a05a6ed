import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { useModels } from '@/features/providers';
import { useAgents } from '../api/get-agents';
import { TASK_KINDS, type DeveloperMode, type TaskKind } from '../api/types';
import type { ChatPreferences } from '../lib/preferences';

export interface ComposerProps {
  preferences: ChatPreferences;
  /** Resolves when the answer started; rejects when the server refused the message. */
  onSend: (content: string) => Promise<unknown>;
  /** The answer being written, if any: the send button becomes a stop button. */
  running?: { runId: string | null; stopping: boolean };
  onStop?: () => void;
  autoFocus?: boolean;
}

function ModelPicker({ preferences }: { preferences: ChatPreferences }) {
  const { t } = useTranslation('chat');
  const { t: tp } = useTranslation('providers');
  const models = useModels();
  const id = useId();
  const items = models.data?.items ?? [];
  const providers = [...new Set(items.map((model) => model.provider))];
  const known = preferences.model === 'auto' || items.some((model) => model.id === preferences.model);
  return (
    <div className="picker">
      <label htmlFor={id}>{t('composer.model')}</label>
      <select
        id={id}
        className="input select input--sm"
        value={known ? preferences.model : 'auto'}
        onChange={(event) => preferences.setModel(event.target.value)}
      >
        <option value="auto">{t('composer.auto')}</option>
        {providers.map((provider) => (
          <optgroup key={provider} label={tp(`names.${provider}`)}>
            {items
              .filter((model) => model.provider === provider)
              .map((model) => (
                <option key={model.id} value={model.id}>
                  {model.label}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function TaskKindPicker({ preferences }: { preferences: ChatPreferences }) {
  const { t } = useTranslation('chat');
  const agents = useAgents();
  const id = useId();
  const kinds = agents.data?.taskKinds.map((kind) => kind.id) ?? [...TASK_KINDS];
  const label = (kind: string) => {
    const labels = t('taskKinds', { returnObjects: true }) as Record<string, string>;
    return labels[kind] ?? kind;
  };
  return (
    <div className="picker">
      <label htmlFor={id}>{t('composer.taskKind')}</label>
      <select
        id={id}
        className="input select input--sm"
        value={preferences.taskKind}
        onChange={(event) => preferences.setTaskKind(event.target.value as TaskKind | 'auto')}
      >
        <option value="auto">{t('composer.autoDetect')}</option>
        {kinds.map((kind) => (
          <option key={kind} value={kind}>
            {label(kind)}
          </option>
        ))}
      </select>
    </div>
  );
}

function ModeToggle({ preferences }: { preferences: ChatPreferences }) {
  const { t } = useTranslation('chat');
  const name = useId();
  const modes: Array<{ mode: DeveloperMode; label: string; hint: string }> = [
    { mode: 'junior', label: t('composer.junior'), hint: t('composer.juniorHint') },
    { mode: 'senior', label: t('composer.senior'), hint: t('composer.seniorHint') },
  ];
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">{t('composer.mode')}</legend>
      {modes.map(({ mode, label, hint }) => (
        <label key={mode} className="segmented__option" title={hint}>
          <input
            type="radio"
            name={name}
            value={mode}
            checked={preferences.mode === mode}
            onChange={() => preferences.setMode(mode)}
          />
          <span>
            {label}
            <span className="visually-hidden"> ({hint})</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** More thinking for models that can reason: a checkbox that looks like the mode buttons. */
function ThinkToggle({ preferences }: { preferences: ChatPreferences }) {
  const { t } = useTranslation('chat');
  const hint = t('composer.thinkHint');
  return (
    <div className="segmented">
      <label className="segmented__option" title={hint}>
        <input
          type="checkbox"
          checked={preferences.think}
          onChange={(event) => preferences.setThink(event.target.checked)}
        />
        <span>
          {t('composer.think')}
          <span className="visually-hidden"> ({hint})</span>
        </span>
      </label>
    </div>
  );
}

export function Composer({ preferences, onSend, running, onStop, autoFocus }: ComposerProps) {
  const { t } = useTranslation('chat');
  const [content, setContent] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inputId = useId();

  const send = async () => {
    const text = content.trim();
    if (!text || sending || running) return;
    setSending(true);
    setError(null);
    setContent('');
    try {
      await onSend(text);
    } catch (refusal) {
      // Nothing was stored: give the text back so it can be sent again.
      setContent(text);
      setError(refusal);
    } finally {
      setSending(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      <ErrorMessage error={error} showDetail />
      <label htmlFor={inputId} className="visually-hidden">
        {t('composer.label')}
      </label>
      <textarea
        id={inputId}
        className="composer__input input"
        rows={2}
        maxLength={200_000}
        placeholder={t('composer.placeholder')}
        value={content}
        autoFocus={autoFocus}
        // The target of the focus-input shortcut (lib/focus-composer.ts).
        data-composer=""
        onChange={(event) => setContent(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer__bar">
        <div className="composer__pickers">
          <ModelPicker preferences={preferences} />
          <TaskKindPicker preferences={preferences} />
          <ModeToggle preferences={preferences} />
          <ThinkToggle preferences={preferences} />
        </div>
        {running ? (
          <Button variant="danger" onClick={onStop} busy={running.stopping} disabled={!running.runId}>
            {t('composer.stop')}
          </Button>
        ) : (
          <Button type="submit" variant="primary" busy={sending} disabled={!content.trim()}>
            {t('composer.send')}
          </Button>
        )}
      </div>
    </form>
  );
}
