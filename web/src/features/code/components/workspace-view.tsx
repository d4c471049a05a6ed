// One workspace: the file tree, the open file in the editor (Ctrl/Cmd+S saves against the
// version it was opened at; a 409 offers reload or overwrite), the run panel under it
// (Ctrl/Cmd+Enter runs the file) and the review panel, whose findings also appear in the
// editor as diagnostics.
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { PageLoading, Spinner } from '@/components/spinner';
import { RunPanel, sandboxLanguageOfPath, type RunPanelHandle } from '@/features/sandbox';
import { ApiError } from '@/lib/api-client';
import { useDeleteFile } from '../api/delete-file';
import { fileQueryOptions, useFile } from '../api/get-file';
import { useReview } from '../api/get-review';
import { useWorkspace } from '../api/get-workspace';
import { useFiles } from '../api/list-files';
import { useMoveFile } from '../api/move-file';
import { useSaveFile } from '../api/save-file';
import { codeKeys, type AppliedFix, type FileContent, type Finding } from '../api/types';
import { useUploadFiles } from '../api/upload-files';
import { ancestorsOf, folderOf } from '../lib/file-tree';
import { editorLanguageOfPath } from '../lib/languages';
import { useReviewRun } from '../lib/use-review-run';
import { FileTree } from './file-tree';
import { FixDialog } from './fix-dialog';
import { PathDialog } from './path-dialog';
import { ReviewPanel } from './review-panel';
import { useDiagnosticLabels } from './use-diagnostic-labels';

const CodeEditor = lazy(() => import('./code-editor'));

interface EditorSession {
  path: string;
  base: { content: string; sha256: string };
  text: string;
  /** Bumped whenever the editor's text is replaced from outside (open, reload, fix). */
  loadId: number;
  source: FileContent;
}

type TreeDialog = { kind: 'new' } | { kind: 'rename'; path: string } | { kind: 'delete'; path: string } | null;

export function WorkspaceView() {
  const { t } = useTranslation('code');
  const { workspaceId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const openPath = search.get('file');
  const queryClient = useQueryClient();
  const workspace = useWorkspace(workspaceId);
  const files = useFiles(workspaceId);
  const file = useFile(workspaceId, openPath);
  const save = useSaveFile();
  const move = useMoveFile();
  const remove = useDeleteFile();
  const upload = useUploadFiles();
  const { run, start } = useReviewRun();
  const review = useReview(run.reviewId, run.phase === 'complete');
  const uploadInput = useRef<HTMLInputElement>(null);
  const runPanel = useRef<RunPanelHandle>(null);
  const runFile = useCallback(() => runPanel.current?.run(), []);
  const labels = useDiagnosticLabels();

  const [session, setSession] = useState<EditorSession | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(openPath ? ancestorsOf(openPath) : []));
  const [selected, setSelected] = useState<string | null>(openPath);
  const [conflict, setConflict] = useState(false);
  const [dialog, setDialog] = useState<TreeDialog>(null);
  const [pendingOpen, setPendingOpen] = useState<string | null>(null);
  const [pendingJump, setPendingJump] = useState<Finding | null>(null);
  const [fixing, setFixing] = useState<Finding | null>(null);

  const paths = useMemo(() => (files.data?.items ?? []).map((item) => item.path), [files.data]);
  const dirty = session !== null && session.text !== session.base.content;

  // Adopt what the server says about the open file (see EditorSession): a new file replaces the
  // editor's text, a newer version does too unless the user has unsaved edits.
  const data = file.data;
  if (data && data.path === openPath && session?.source !== data) {
    if (!session || session.path !== data.path) {
      setSession({ path: data.path, base: data, text: data.content, loadId: (session?.loadId ?? 0) + 1, source: data });
      setConflict(false);
    } else if (data.sha256 === session.base.sha256 || data.content === session.text) {
      setSession({ ...session, base: data, source: data });
    } else if (!dirty) {
      setSession({ ...session, base: data, text: data.content, loadId: session.loadId + 1, source: data });
    } else {
      setSession({ ...session, source: data });
    }
  }
  const active = session && session.path === openPath ? session : null;

  const openFile = useCallback(
    (path: string | null, force = false) => {
      if (!force && dirty && path !== openPath) {
        setPendingOpen(path ?? '');
        return;
      }
      setSearch(path ? { file: path } : {}, { replace: false });
      if (path) {
        setSelected(path);
        setExpanded((previous) => new Set([...previous, ...ancestorsOf(path)]));
      }
      if (path !== openPath) setConflict(false);
    },
    [dirty, openPath, setSearch],
  );

  const doSave = (baseSha256: string | undefined = active?.base.sha256) => {
    if (!active) return;
    const { path, text } = active;
    save.mutate(
      { workspaceId, path, content: text, baseSha256 },
      {
        onSuccess: (meta) => {
          setConflict(false);
          setSession((current) =>
            current && current.path === path ? { ...current, base: { content: text, sha256: meta.sha256 } } : current,
          );
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 409) setConflict(true);
        },
      },
    );
  };

  const reloadFile = async (path: string) => {
    const fresh = await queryClient.fetchQuery({ ...fileQueryOptions(workspaceId, path), staleTime: 0 });
    setSession((current) => ({
      path,
      base: fresh,
      text: fresh.content,
      loadId: (current?.loadId ?? 0) + 1,
      source: fresh,
    }));
    setConflict(false);
    save.reset();
  };

  const overwrite = async () => {
    if (!active) return;
    const current = await queryClient.fetchQuery({ ...fileQueryOptions(workspaceId, active.path), staleTime: 0 });
    // Keep the user's text: remember the server's version only as the one we replace.
    setSession((previous) => (previous ? { ...previous, source: current } : previous));
    doSave(current.sha256);
  };

  const jump = (finding: Finding) => {
    setPendingJump(finding);
    if (finding.file !== openPath) openFile(finding.file);
  };
  const clearJump = useCallback(() => setPendingJump(null), []);

  const onApplied = async (result: AppliedFix) => {
    await queryClient.invalidateQueries({ queryKey: codeKeys.files(workspaceId), exact: true });
    if (result.file === openPath) await reloadFile(result.file);
    else queryClient.removeQueries({ queryKey: codeKeys.file(workspaceId, result.file) });
  };

  const reviewPaths = async (paths?: string[]) => {
    // The review reads the saved file: save first so it sees what the user sees.
    if (dirty && active && paths?.includes(active.path)) {
      try {
        const meta = await save.mutateAsync({
          workspaceId,
          path: active.path,
          content: active.text,
          baseSha256: active.base.sha256,
        });
        const text = active.text;
        setSession((current) => (current ? { ...current, base: { content: text, sha256: meta.sha256 } } : current));
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) setConflict(true);
        return;
      }
    }
    await start({ workspace: { id: workspaceId, ...(paths ? { paths } : {}) }, title: workspace.data?.name });
  };

  const fileFindings = useMemo(
    () => (review.data?.findings ?? []).filter((finding) => finding.file === active?.path),
    [review.data, active?.path],
  );

  const selectedIsFolder =
    selected !== null && !paths.includes(selected) && paths.some((path) => path.startsWith(`${selected}/`));
  const selectedFile = selected !== null && paths.includes(selected) ? selected : null;
  const targetFolder = folderOf(selected, paths);
  const reviewing = run.phase === 'starting' || run.phase === 'queued' || run.phase === 'running';

  const onKeyDown = (event: KeyboardEvent) => {
    // The editor handles its own Ctrl+S (and prevents the default); this covers the rest of the screen.
    if (!event.defaultPrevented && (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      if (dirty) doSave();
    }
    if (!event.defaultPrevented && (event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      runFile();
    }
  };

  if (workspace.isPending) return <PageLoading />;
  if (workspace.isError)
    return (
      <div className="page">
        <ErrorMessage error={workspace.error} />
        <Link to="/code">{t('workspace.back')}</Link>
      </div>
    );

  return (
    <div className="code-workspace" onKeyDown={onKeyDown}>
      <header className="code-workspace__header">
        <Link to="/code" className="code-workspace__back">
          {t('workspace.back')}
        </Link>
        <h1 className="code-workspace__title">{workspace.data.name}</h1>
      </header>

      <aside className="code-panel code-files" aria-labelledby="files-title">
        <h2 id="files-title" className="code-panel__title">
          {t('tree.title')}
        </h2>
        <div className="code-files__toolbar">
          <Button size="sm" onClick={() => setDialog({ kind: 'new' })}>
            {t('tree.newFile')}
          </Button>
          <Button size="sm" busy={upload.isPending} onClick={() => uploadInput.current?.click()}>
            {t('tree.upload')}
          </Button>
          <Button
            size="sm"
            disabled={!selectedFile}
            onClick={() => selectedFile && setDialog({ kind: 'rename', path: selectedFile })}
          >
            {t('tree.rename')}
          </Button>
          <Button
            size="sm"
            variant="danger"
            disabled={!selectedFile}
            onClick={() => selectedFile && setDialog({ kind: 'delete', path: selectedFile })}
          >
            {t('tree.delete')}
          </Button>
          <input
            ref={uploadInput}
            type="file"
            multiple
            hidden
            aria-label={t('tree.upload')}
            onChange={(event) => {
              const chosen = [...(event.target.files ?? [])];
              event.target.value = '';
              if (chosen.length > 0) upload.mutate({ workspaceId, folder: targetFolder, files: chosen });
            }}
          />
        </div>
        <ErrorMessage error={upload.error ?? remove.error} />
        {files.isPending ? (
          <Spinner />
        ) : files.isError ? (
          <ErrorMessage error={files.error} />
        ) : (
          <FileTree
            label={t('tree.label', { name: workspace.data.name })}
            paths={paths}
            expanded={expanded}
            onToggle={(folder) =>
              setExpanded((previous) => {
                const next = new Set(previous);
                if (next.has(folder)) next.delete(folder);
                else next.add(folder);
                return next;
              })
            }
            selected={selected}
            onSelect={setSelected}
            openPath={openPath}
            onOpen={(path) => openFile(path)}
            dirtyPath={dirty ? active?.path : null}
          />
        )}
      </aside>

      <main id="main" className="code-panel code-main">
        {!openPath ? (
          <p className="code-main__empty text-muted">{t('editor.pick')}</p>
        ) : file.isError && !active ? (
          <ErrorMessage error={file.error} className="code-main__error" />
        ) : !active ? (
          <PageLoading />
        ) : (
          <>
            <div className="code-main__bar">
              <h2 className="code-main__path">
                {active.path}
                {dirty && (
                  <span className="badge badge--warning badge--small code-main__dirty">{t('editor.unsaved')}</span>
                )}
              </h2>
              {save.isSuccess && !dirty && (
                <span className="text-success" role="status">
                  {t('editor.saved')}
                </span>
              )}
              <Button
                size="sm"
                variant="primary"
                busy={save.isPending}
                disabled={!dirty}
                onClick={() => doSave()}
                aria-keyshortcuts="Control+S Meta+S"
              >
                {t('editor.save')}
              </Button>
            </div>
            {conflict ? (
              <div role="alert" className="alert alert--error code-main__conflict">
                <p>{t('editor.conflict')}</p>
                <div className="form__actions">
                  <Button size="sm" onClick={() => void reloadFile(active.path)}>
                    {t('editor.reload')}
                  </Button>
                  <Button size="sm" variant="danger" busy={save.isPending} onClick={() => void overwrite()}>
                    {t('editor.overwrite')}
                  </Button>
                </div>
              </div>
            ) : (
              <ErrorMessage error={save.error} />
            )}
            <Suspense fallback={<Spinner label={t('editor.loading')} showLabel />}>
              <CodeEditor
                jumpTo={pendingJump && pendingJump.file === active.path ? pendingJump : null}
                onJumped={clearJump}
                value={active.text}
                docKey={`${active.path}#${active.loadId}`}
                language={editorLanguageOfPath(active.path)}
                label={t('editor.label', { path: active.path })}
                onChange={(text) => setSession((current) => (current ? { ...current, text } : current))}
                onSave={() => doSave()}
                onRun={runFile}
                findings={fileFindings}
                labels={labels}
                onFix={setFixing}
              />
            </Suspense>
            <div className="code-run">
              {/* The editor's text, saved or not: what the user sees is what runs. */}
              <RunPanel
                ref={runPanel}
                code={active.text}
                language={sandboxLanguageOfPath(active.path)}
                filename={active.path.split('/').pop()}
                workspaceId={workspaceId}
                heading
              />
            </div>
          </>
        )}
      </main>

      <aside className="code-panel code-review">
        <ReviewPanel
          run={run}
          detail={review.data}
          detailError={review.error}
          onJump={jump}
          onFix={setFixing}
          actions={
            <>
              <Button
                variant="primary"
                size="sm"
                disabled={!active || reviewing}
                onClick={() => active && void reviewPaths([active.path])}
              >
                {t('review.file')}
              </Button>
              {selectedIsFolder && selected && (
                <Button
                  size="sm"
                  disabled={reviewing}
                  onClick={() => void reviewPaths(paths.filter((path) => path.startsWith(`${selected}/`)))}
                >
                  {t('review.folder', { folder: selected })}
                </Button>
              )}
              <Button size="sm" disabled={paths.length === 0 || reviewing} onClick={() => void reviewPaths()}>
                {t('review.workspace')}
              </Button>
            </>
          }
        />
      </aside>

      {run.reviewId && (
        <FixDialog
          reviewId={run.reviewId}
          finding={fixing}
          blocked={fixing !== null && dirty && fixing.file === active?.path ? t('fix.saveFirst') : undefined}
          onClose={() => setFixing(null)}
          onApplied={(result) => void onApplied(result)}
        />
      )}

      {dialog?.kind === 'new' && (
        <PathDialog
          title={t('tree.newFile')}
          initial={targetFolder ? `${targetFolder}/` : ''}
          submitLabel={t('tree.create')}
          busy={save.isPending}
          error={save.error}
          onClose={() => {
            save.reset();
            setDialog(null);
          }}
          onSubmit={(path) =>
            save.mutate(
              { workspaceId, path, content: '', baseSha256: null },
              {
                onSuccess: () => {
                  setDialog(null);
                  openFile(path);
                },
              },
            )
          }
        />
      )}
      {dialog?.kind === 'rename' && (
        <PathDialog
          title={t('tree.renameTitle', { path: dialog.path })}
          initial={dialog.path}
          submitLabel={t('tree.rename')}
          busy={move.isPending}
          error={move.error}
          onClose={() => {
            move.reset();
            setDialog(null);
          }}
          onSubmit={(to) =>
            move.mutate(
              { workspaceId, from: dialog.path, to },
              {
                onSuccess: () => {
                  setDialog(null);
                  setSelected(to);
                  if (openPath === dialog.path) {
                    setSession(null);
                    openFile(to, true);
                  }
                },
              },
            )
          }
        />
      )}
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        title={t('tree.deleteTitle')}
        message={t('tree.deleteBody', { path: dialog?.kind === 'delete' ? dialog.path : '' })}
        confirmLabel={t('tree.delete')}
        danger
        busy={remove.isPending}
        onCancel={() => setDialog(null)}
        onConfirm={() => {
          if (dialog?.kind !== 'delete') return;
          const path = dialog.path;
          remove.mutate(
            { workspaceId, path },
            {
              onSettled: () => setDialog(null),
              onSuccess: () => {
                setSelected(null);
                if (openPath === path) {
                  setSession(null);
                  openFile(null, true);
                }
              },
            },
          );
        }}
      />
      <ConfirmDialog
        open={pendingOpen !== null}
        title={t('editor.discardTitle')}
        message={t('editor.discardBody', { path: active?.path ?? '' })}
        confirmLabel={t('editor.discard')}
        danger
        onCancel={() => setPendingOpen(null)}
        onConfirm={() => {
          const next = pendingOpen;
          setPendingOpen(null);
          setSession(null);
          openFile(next || null, true);
        }}
      />
    </div>
  );
}
