import type { Messages } from '@/lib/i18n';
import type { settingsEn } from './en';

export const settingsDe: Messages<typeof settingsEn> = {
  title: 'Einstellungen',
  nav: {
    label: 'Bereiche der Einstellungen',
    keys: 'API-Schlüssel',
    tokens: 'Zugriffstokens',
    appearance: 'Darstellung',
    usage: 'Nutzung',
  },
  tokens: {
    title: 'Persönliche Zugriffstokens',
    intro: 'Für API-Clients und Werkzeuge, die Xionimus als OpenAI-kompatibles Gateway (/v1) nutzen.',
    name: 'Name',
    namePlaceholder: 'z. B. Laptop-CLI',
    expires: 'Läuft ab',
    never: 'Nie',
    days_one: 'In {{count}} Tag',
    days_other: 'In {{count}} Tagen',
    create: 'Token erstellen',
    created: 'Dein neues Token. Kopiere es jetzt: Es wird nicht noch einmal angezeigt.',
    copy: 'Token kopieren',
    empty: 'Noch keine Tokens.',
    prefix: 'Token',
    createdAt: 'Erstellt',
    lastUsed: 'Zuletzt benutzt',
    expiresAt: 'Läuft ab',
    neverUsed: 'Nie',
    revoke: 'Widerrufen',
    revokeTitle: '„{{name}}“ widerrufen?',
    revokeBody: 'Clients mit diesem Token werden ab sofort abgewiesen.',
  },
  appearance: {
    title: 'Darstellung',
    theme: 'Farbschema',
    themeHint: '„System“ folgt der Hell- oder Dunkel-Einstellung deines Geräts.',
    language: 'Sprache',
  },
  usage: {
    title: 'Nutzung',
    budget: 'Monatsbudget',
    noBudget: 'Kein Limit',
    spent: '{{spent}} von {{limit}} in diesem Monat verbraucht',
    spentNoLimit: '{{spent}} in diesem Monat verbraucht',
  },
};
