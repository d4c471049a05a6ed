import type { sandboxEn } from './en';

export const sandboxDe: typeof sandboxEn = {
  panel: {
    title: 'Ausführen',
    label: 'Code ausführen',
    language: 'Ausführen als',
    stdin: 'Eingabe (stdin)',
    stdinHint: 'Geht als Standardeingabe an das Programm.',
    run: 'Ausführen',
    runHint: 'Strg+Enter oder ⌘+Enter führt den Code aus.',
    stop: 'Stoppen',
    stopping: 'Wird gestoppt …',
    clear: 'Leeren',
    empty: 'Führe den Code aus, um hier seine Ausgabe zu sehen.',
    nothingToRun: 'Es gibt noch keinen Code zum Ausführen.',
    notRunnable:
      'Code dieser Art kann nicht ausgeführt werden. Die Sandbox führt Python, JavaScript, TypeScript, Bash, C, C++, C# und Perl aus.',
    loadingLanguages: 'Sandbox wird geprüft …',
  },
  unavailable: {
    sandbox: 'Code ausführen ist auf diesem Server nicht verfügbar: {{reason}}',
    sandboxNoReason: 'Code ausführen ist auf diesem Server nicht verfügbar.',
    language: '{{language}} kann auf diesem Server nicht ausgeführt werden: {{install}} ist nicht installiert.',
    languageNoReason: '{{language}} kann auf diesem Server nicht ausgeführt werden.',
  },
  status: {
    starting: 'Wird gestartet …',
    queued: 'Wartet auf eine freie Sandbox …',
    compiling: 'Wird kompiliert …',
    running: 'Läuft …',
    reconnecting: 'Verbindung verloren, verbinde neu …',
  },
  output: {
    label: 'Ausgabe',
    stderr: 'Fehlerausgabe',
    noOutput: 'Das Programm hat nichts ausgegeben.',
    cut: 'Hier werden nur die ersten {{lines}} Zeilen oder {{size}} der Ausgabe gezeigt.',
    truncated: 'Die Ausgabe hat das Limit der Sandbox erreicht; der Rest wurde verworfen.',
  },
  exit: {
    code: 'Exit-Code {{code}} · {{duration}}',
    signal: 'Durch Signal {{signal}} beendet · {{duration}}',
    unknown: 'Beendet · {{duration}}',
    stopped: 'Von dir gestoppt.',
    limit: {
      timeout: 'Gestoppt: Das Programm lief länger als das Zeitlimit.',
      memory: 'Gestoppt: Das Programm brauchte mehr Speicher als erlaubt.',
      output: 'Gestoppt: Das Programm gab mehr aus als erlaubt.',
      cpu: 'Gestoppt: Das Programm brauchte mehr CPU-Zeit als erlaubt.',
    },
  },
  codeBlock: {
    run: 'Ausführen',
    runLabel: 'Diesen {{language}}-Code in der Sandbox ausführen',
    hide: 'Ausgabe ausblenden',
    outputOf: 'Ausgabe dieses {{language}}-Codes',
  },
  languages: {
    python: 'Python',
    javascript: 'JavaScript',
    typescript: 'TypeScript',
    bash: 'Bash',
    c: 'C',
    cpp: 'C++',
    csharp: 'C#',
    perl: 'Perl',
  },
};
