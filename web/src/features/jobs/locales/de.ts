import type { Messages } from '@/lib/i18n';
import type { jobsEn } from './en';

export const jobsDe: Messages<typeof jobsEn> = {
  button: 'Laufend',
  title: 'Laufende Aufgaben',
  empty: 'Gerade läuft nichts.',
  open: 'Öffnen',
  stop: 'Stoppen',
  started: 'gestartet {{time}}',
  answers: {
    title: 'Antworten',
    untitled: 'Chat',
  },
  reviews: {
    title: 'Prüfungen',
    queued: 'wartet auf einen Prüfer',
    progress: '{{done}} von {{total}} Dateien',
  },
  sandbox: {
    title: 'Code-Ausführungen',
    queued: 'wartet auf Ausführung',
    running: 'läuft',
  },
};
