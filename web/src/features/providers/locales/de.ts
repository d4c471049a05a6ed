import type { Messages } from '@/lib/i18n';
import type { providersEn } from './en';

export const providersDe: Messages<typeof providersEn> = {
  names: {
    openai: 'OpenAI',
    anthropic: 'Anthropic',
    perplexity: 'Perplexity',
    'openai-compatible': 'Lokaler Server',
  },
  descriptions: {
    openai: 'GPT-Modelle mit deinem OpenAI-API-Schlüssel.',
    anthropic: 'Claude-Modelle mit deinem Anthropic-API-Schlüssel.',
    perplexity: 'Sonar-Modelle mit Websuche und Quellenangaben.',
    'openai-compatible': 'Ollama, LM Studio, vLLM oder llama.cpp: jeder OpenAI-kompatible Server.',
  },
  setup: {
    title: 'KI-Anbieter verbinden',
    intro:
      'Xionimus braucht mindestens einen KI-Anbieter. Füge einen API-Schlüssel ein oder die URL eines lokalen Servers wie Ollama oder LM Studio.',
    choose: 'Anbieter',
    continue: 'Weiter zum Chat',
    notYet: 'Speichere zuerst einen Schlüssel oder eine Server-URL.',
  },
  form: {
    apiKey: 'API-Schlüssel',
    apiKeyOptional: 'API-Schlüssel (optional)',
    apiKeyHint: 'Wird auf dem Server verschlüsselt und nie wieder vollständig angezeigt.',
    apiKeyReplaceHint: 'Leer lassen, um den gespeicherten Schlüssel (endet auf {{last4}}) zu behalten.',
    baseUrl: 'Server-URL',
    baseUrlHint: 'Zum Beispiel http://localhost:11434/v1 für Ollama.',
    customBaseUrl: 'Eigene Basis-URL (optional)',
    customBaseUrlHint: 'Ein Proxy oder Gateway statt der API des Anbieters. Nur dein Schlüssel wird dorthin gesendet.',
    advanced: 'Erweitert',
    save: 'Speichern',
    saved: 'Gespeichert.',
  },
  test: {
    button: 'Verbindung testen',
    ok: 'Verbunden mit {{source}}.',
    source_user: 'deinem Schlüssel',
    source_server: 'dem Schlüssel des Servers',
    models_one: 'Modell: {{list}}',
    models_other: '{{count}} Modelle: {{list}}',
    failed: 'Der Verbindungstest ist fehlgeschlagen.',
  },
  keys: {
    title: 'API-Schlüssel',
    intro: 'Deine eigenen Schlüssel für die KI-Anbieter. Es werden immer nur die letzten 4 Zeichen angezeigt.',
    notSet: 'Nicht hinterlegt',
    masked: 'Schlüssel ••••{{last4}}',
    noKey: 'Kein Schlüssel',
    serverKey: 'Der Schlüssel des Servers wird verwendet',
    updated: 'Geändert am {{date}}',
    add: 'Hinzufügen',
    change: 'Ändern',
    remove: 'Entfernen',
    removeTitle: '{{provider}}-Schlüssel entfernen?',
    removeBody: 'Chats verwenden deinen {{provider}}-Schlüssel dann nicht mehr.',
  },
};
