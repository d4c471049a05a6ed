// CodeMirror 6 in React, loaded on demand (it is the largest part of the Code screen). The
// editor owns its text; the parent hears changes and replaces the text only when `docKey`
// changes (another file, a reload, an applied fix). Colours come from the app's CSS variables
// and light-dark() pairs, so the editor follows the theme; the compartment tells CodeMirror's
// own base theme which one it is.
import { defaultHighlightStyle, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import type { Finding } from '../api/types';
import { findingsToDiagnostics, type DiagnosticLabels } from '../lib/diagnostics';
import type { EditorLanguage } from '../lib/languages';
import { useDarkMode } from '../lib/use-dark-mode';

export interface CodeEditorProps {
  value: string;
  docKey: string;
  language: EditorLanguage;
  label: string;
  onChange?: (text: string) => void;
  onSave?: () => void;
  /** Ctrl/Cmd+Enter: run the code (the run panel); without it the key keeps CodeMirror's meaning. */
  onRun?: () => void;
  findings?: readonly Finding[];
  labels: DiagnosticLabels;
  onFix?: (finding: Finding) => void;
  readOnly?: boolean;
  /** A 1-based place to move the cursor to (then focus and scroll there); onJumped clears it. */
  jumpTo?: { line: number; column: number } | null;
  onJumped?: () => void;
}

const DARK: Record<string, string> = {
  '#404740': '#abb2bf',
  '#708': '#d291e4',
  '#219': '#e0a36f',
  '#164': '#e0a36f',
  '#a11': '#a5d68a',
  '#e40': '#62c7d3',
  '#00f': '#72bbf5',
  '#30a': '#ef8891',
  '#085': '#ecca85',
  '#167': '#ecca85',
  '#256': '#62c7d3',
  '#00c': '#72bbf5',
  '#940': '#8f96a3',
  '#f00': '#ff6b6b',
};

// CodeMirror's default colours for light, brighter ones for dark, chosen by the page's color-scheme.
const highlight = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) =>
    typeof spec.color === 'string' && DARK[spec.color]
      ? { ...spec, color: `light-dark(${spec.color}, ${DARK[spec.color]})` }
      : spec,
  ),
);

const appTheme = EditorView.theme({
  '&': { backgroundColor: 'var(--code-bg)', color: 'var(--text)', height: '100%', fontSize: '14px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
  '.cm-gutters': {
    backgroundColor: 'var(--surface-2)',
    color: 'var(--text-muted)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent-soft) 45%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--surface-3)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-panels': { backgroundColor: 'var(--surface)', color: 'var(--text)' },
});

// An explicit tab stop on the content (CodeMirror's advice for focusable editors) is what makes
// the scroller keyboard reachable for tools that don't count contenteditable as focusable.
const contentAttributes = (label: string) => EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' });

// Grammars load when a file needs them: each is as large as the editor's core.
async function languageExtension(language: EditorLanguage): Promise<Extension> {
  if (language === 'python') return (await import('@codemirror/lang-python')).python();
  if (language === null) return [];
  const { javascript } = await import('@codemirror/lang-javascript');
  return javascript({
    jsx: language === 'jsx' || language === 'tsx',
    typescript: language === 'typescript' || language === 'tsx',
  });
}

export default function CodeEditor({
  value,
  docKey,
  language,
  label,
  onChange,
  onSave,
  onRun,
  findings,
  labels,
  onFix,
  readOnly = false,
  jumpTo,
  onJumped,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const compartments = useRef({
    language: new Compartment(),
    theme: new Compartment(),
    readOnly: new Compartment(),
    attributes: new Compartment(),
  });
  // The latest callbacks, for the extensions created once with the view.
  const callbacks = useRef({ onChange, onSave, onRun });
  const dark = useDarkMode();
  const loadedKey = useRef(docKey);

  useEffect(() => {
    callbacks.current = { onChange, onSave, onRun };
  });

  useEffect(() => {
    const { language: languageSlot, theme, readOnly: readOnlySlot, attributes } = compartments.current;
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                callbacks.current.onSave?.();
                return true;
              },
            },
            {
              key: 'Mod-Enter',
              run: () => {
                if (!callbacks.current.onRun) return false;
                callbacks.current.onRun();
                return true;
              },
            },
          ]),
          basicSetup,
          syntaxHighlighting(highlight),
          lintGutter(),
          appTheme,
          theme.of(EditorView.theme({}, { dark })),
          languageSlot.of([]),
          readOnlySlot.of(EditorState.readOnly.of(readOnly)),
          attributes.of(contentAttributes(label)),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The view is created once; later prop changes go through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || loadedKey.current === docKey) return;
    loadedKey.current = docKey;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [docKey, value]);

  useEffect(() => {
    let current = true;
    void languageExtension(language).then((extension) => {
      if (current) view.current?.dispatch({ effects: compartments.current.language.reconfigure(extension) });
    });
    return () => {
      current = false;
    };
  }, [language]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.theme.reconfigure(EditorView.theme({}, { dark })) });
  }, [dark]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.attributes.reconfigure(contentAttributes(label)) });
  }, [label]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.readOnly.reconfigure(EditorState.readOnly.of(readOnly)) });
  }, [readOnly]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch(
      setDiagnostics(editor.state, findingsToDiagnostics(editor.state.doc, findings ?? [], labels, onFix)),
    );
  }, [findings, labels, onFix, docKey]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || !jumpTo) return;
    const { doc } = editor.state;
    const target = doc.line(Math.min(Math.max(jumpTo.line, 1), doc.lines));
    const anchor = target.from + Math.min(Math.max(jumpTo.column - 1, 0), target.length);
    editor.dispatch({ selection: { anchor }, effects: EditorView.scrollIntoView(anchor, { y: 'center' }) });
    editor.focus();
    onJumped?.();
  }, [jumpTo, onJumped, docKey]);

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
}
