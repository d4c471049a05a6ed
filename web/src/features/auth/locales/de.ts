import type { Messages } from '@/lib/i18n';
import type { authEn } from './en';

export const authDe: Messages<typeof authEn> = {
  login: {
    title: 'Anmelden',
    subtitle: 'Willkommen zurück bei Xionimus.',
    email: 'E-Mail',
    password: 'Passwort',
    submit: 'Anmelden',
    noAccount: 'Noch kein Konto?',
    register: 'Jetzt erstellen',
  },
  register: {
    title: 'Konto erstellen',
    subtitle: 'Das erste Konto auf einem neuen Server wird dessen Administrator.',
    name: 'Name (optional)',
    email: 'E-Mail',
    password: 'Passwort',
    passwordHint: 'Mindestens 10 Zeichen.',
    setupToken: 'Einrichtungs-Token',
    setupTokenHint:
      'Läuft der Server auf einer öffentlichen Adresse, schreibt er ein einmaliges Einrichtungs-Token ins Log, bis es einen Administrator gibt.',
    haveSetupToken: 'Ich habe ein Einrichtungs-Token',
    setupTokenNeeded:
      'Für die Registrierung auf diesem Server brauchst du ein Einrichtungs-Token (aus dem Log) oder eine Einladung.',
    invited: 'Du registrierst dich mit einer Einladung.',
    submit: 'Konto erstellen',
    haveAccount: 'Schon ein Konto?',
    signIn: 'Anmelden',
  },
  logout: { done: 'Du bist abgemeldet.' },
};
