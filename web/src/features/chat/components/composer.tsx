import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { useModels } from '@/features/providers';
import { cx } from '@/lib/cx';
import { useAgents } from '../api/get-agents';
import { TASK_KINDS, type DeveloperMode, type ImageAttachment, type TaskKind } from '../api/types';
import type { ChatPreferences } from '../lib/preferences';
import { useImageAttachments, useImageInput } from '../lib/use-image-attachments';
import { AttachedImages, AttachImageButton, RefusedImages } from './attached-images';

export interface ComposerProps {
  preferences: ChatPreferences;
  /** Resolves when the answer started; rejects when the server refused the message. */
  onSend: (content: string, images: ImageAttachment[]) => Promise<unknown>;
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

/** The model chosen by hand, when the models list says it cannot read images. */
function useBlindModel(model: string) {
  const models = useModels();
  const chosen = model === 'auto' ? undefined : models.data?.items.find((item) => item.id === model);
  return chosen && !chosen.capabilities.vision ? chosen : undefined;
}

export function Composer({ preferences, onSend, running, onStop, autoFocus }: ComposerProps) {
  const { t } = useTranslation('chat');
  const [content, setContent] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const attachments = useImageAttachments();
  const imageInput = useImageInput(attachments.add);
  const blindModel = useBlindModel(preferences.model);
  const input = useRef<HTMLTextAreaElement>(null);
  const inputId = useId();

  const send = async () => {
    const text = content.trim();
    const images = attachments.images;
    if ((!text && images.length === 0) || sending || running) return;
    const toSend = images.map(({ dataUrl }) => ({ dataUrl }));
    setSending(true);
    setError(null);
    setContent('');
    attachments.clear();
    try {
      await onSend(text, toSend);
    } catch (refusal) {
      // Nothing was stored: give the text and the images back so they can be sent again.
      setContent(text);
      attachments.restore(images);
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

  const removeImage = (key: string) => {
    attachments.remove(key);
    // The remove button is gone: keep the focus in the composer.
    input.current?.focus();
  };

  return (
    <form
      className={cx('composer', imageInput.dropping && 'composer--dropping')}
      onSubmit={submit}
      {...imageInput.dropZone}
    >
      <ErrorMessage error={error} showDetail />
      <RefusedImages refused={attachments.refused} />
      <AttachedImages images={attachments.images} onRemove={removeImage} />
      {blindModel && attachments.images.length > 0 && (
        <p className="composer__hint">{t('attachments.noVision', { model: blindModel.label })}</p>
      )}
      <label htmlFor={inputId} className="visually-hidden">
        {t('composer.label')}
      </label>
      <textarea
        ref={input}
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
        onPaste={imageInput.onPaste}
      />
      <div className="composer__bar">
        <div className="composer__pickers">
          <ModelPicker preferences={preferences} />
          <TaskKindPicker preferences={preferences} />
          <ModeToggle preferences={preferences} />
          <ThinkToggle preferences={preferences} />
        </div>
        <div className="composer__actions">
          <AttachImageButton onFiles={(files) => void attachments.add(files)} />
          {running ? (
            <Button variant="danger" onClick={onStop} busy={running.stopping} disabled={!running.runId}>
              {t('composer.stop')}
            </Button>
          ) : (
            <Button
              type="submit"
              variant="primary"
              busy={sending}
              disabled={!content.trim() && attachments.images.length === 0}
            >
              {t('composer.send')}
            </Button>
          )}
        </div>
      </div>
    </form>
  );
}
