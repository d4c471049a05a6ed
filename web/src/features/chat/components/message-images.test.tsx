import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setSession } from '@/lib/api-client';
import { chatMessage, chatSession, imageFile, mockObjectUrls } from '@/test/chat';
import { setUpChatPage, stubChatServer } from '@/test/chat-page';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { sseEvent, sseResponse } from '@/test/sse-response';
import type { ChatMessage, ChatSessionWithMessages } from '../api/types';
import { storedView } from '../lib/message-view';
import { runStore } from '../lib/run-store';
import { MessageItem } from './message-item';

const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 255]);
const MIB = 1024 * 1024;

const question = (images?: ChatMessage['images']) =>
  chatMessage({ id: 'q1', role: 'user', content: 'What is in these pictures?', images });

const twoImages: ChatMessage['images'] = [
  { id: 'img-1', mediaType: 'image/png', size: PNG.length },
  { id: 'img-2', mediaType: 'image/png', size: PNG.length },
];

/** The image endpoint: the PNG for a known id, 404 for any other; every request, with its token. */
function imageServer(known = ['img-1', 'img-2']) {
  const requests: Array<{ url: string; authorization: string | null }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      requests.push({ url, authorization: new Headers(init.headers).get('authorization') });
      const id = url.replace('/api/chat/images/', '');
      if (!known.includes(id)) return jsonResponse(404, { code: 'image_not_found', detail: 'No such image.' });
      return new Response(PNG, { headers: { 'content-type': 'image/png' } });
    }),
  );
  return requests;
}

const item = (message: ChatMessage) => (
  <MessageItem message={storedView(message)} isLastAnswer={false} actions={{}} sessionId="s1" />
);

describe('the images of a question', () => {
  let urls: ReturnType<typeof mockObjectUrls>;
  beforeEach(() => {
    setSession({
      accessToken: 'token-1',
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: 'u1', email: 'ann@example.com', name: null, role: 'user', disabled: false, createdAt: '' },
    });
    urls = mockObjectUrls();
  });
  afterEach(() => {
    setSession(null);
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('fetches each image with the access token and shows it through an object URL, above the text', async () => {
    const requests = imageServer();
    const { container } = renderWithProviders(item(question(twoImages)));

    // Placeholders of the same size until the bytes are there.
    const placeholders = container.querySelectorAll('.message-image--loading');
    expect(placeholders).toHaveLength(2);
    expect(placeholders[0]).toHaveAccessibleName('Image 1 of the message');

    await waitFor(() => expect(container.querySelectorAll('img')).toHaveLength(2));
    const images = screen.getAllByRole('img');
    expect(images.map((image) => [image.tagName, image.getAttribute('alt'), image.getAttribute('src')])).toEqual([
      ['IMG', 'Image 1 of the message', 'blob:test/1'],
      ['IMG', 'Image 2 of the message', 'blob:test/2'],
    ]);
    expect(requests).toEqual([
      { url: '/api/chat/images/img-1', authorization: 'Bearer token-1' },
      { url: '/api/chat/images/img-2', authorization: 'Bearer token-1' },
    ]);
    const blob = urls.create.mock.calls[0]![0] as Blob;
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(PNG);

    // Each opens the full image in a new tab.
    const link = screen.getByRole('link', { name: 'Image 1 of the message' });
    expect(link).toHaveAttribute('href', 'blob:test/1');
    expect(link).toHaveAttribute('target', '_blank');

    const text = screen.getByText('What is in these pictures?');
    expect(link.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('fetches an image once, however often the message renders, and frees each URL when it goes', async () => {
    const requests = imageServer();
    const { container, rerender, unmount } = renderWithProviders(item(question(twoImages)));
    const sources = () => [...container.querySelectorAll('img')].map((image) => image.getAttribute('src'));
    await waitFor(() => expect(sources()).toEqual(['blob:test/1', 'blob:test/2']));

    // The same message again, as a new object (the session was refetched), and in another order.
    rerender(item(question(twoImages)));
    rerender(item(question([...twoImages!].reverse())));
    expect(sources()).toEqual(['blob:test/2', 'blob:test/1']);
    expect(urls.create).toHaveBeenCalledTimes(2);
    expect(urls.revoke).not.toHaveBeenCalled();

    // Mounted anew, as the virtualised list does when it scrolls back: new URLs of the cached bytes.
    rerender(<div>{item(question(twoImages))}</div>);
    await waitFor(() => expect(sources()).toEqual(['blob:test/3', 'blob:test/4']));
    expect(urls.revoke.mock.calls.map(([url]) => url).sort()).toEqual(['blob:test/1', 'blob:test/2']);
    expect(requests).toHaveLength(2);

    unmount();
    expect(urls.revoke.mock.calls.map(([url]) => url).sort()).toEqual([
      'blob:test/1',
      'blob:test/2',
      'blob:test/3',
      'blob:test/4',
    ]);
  });

  it('says an image is unavailable when it cannot be fetched, and shows the others', async () => {
    imageServer(['img-2']);
    renderWithProviders(item(question(twoImages)));
    expect(await screen.findByText('Image unavailable')).toHaveAccessibleName('Image 1 of the message');
    expect(await screen.findByRole('link', { name: 'Image 2 of the message' })).toHaveAttribute('href', 'blob:test/1');
  });

  it('shows a question without images, or from data that predates them, as before', () => {
    const requests = imageServer();
    const before = renderWithProviders(item(question(undefined)));
    expect(within(before.container).getByText('What is in these pictures?')).toBeVisible();
    expect(before.container.querySelector('.message-images')).toBeNull();
    const none = renderWithProviders(item(question([])));
    expect(within(none.container).getByText('What is in these pictures?')).toBeVisible();
    expect(none.container.querySelector('.message-images')).toBeNull();
    expect(requests).toHaveLength(0);
  });
});

/** The bytes the chat server gives for an image: a PNG ending in its id, so that each can be told apart. */
const storedBytes = (id: string) => new Uint8Array([...PNG, ...new TextEncoder().encode(id)]);
const storedDataUrl = (id: string) => `data:image/png;base64,${btoa(String.fromCharCode(...storedBytes(id)))}`;

/** The chat server for asking a question with images again: s1 holds it and two answers to it. */
function chatServer(images = twoImages) {
  const sent: Array<{ sessionId: string; body: Record<string, unknown> }> = [];
  const sessions = new Map<string, ChatSessionWithMessages>();
  const session = (id: string, messages: ChatMessage[]) => chatSession({ id, title: 'Pictures', messages });
  sessions.set(
    's1',
    session('s1', [
      question(images),
      // Regenerated once: 'One cat.' is an earlier answer, 'Two cats.' the last one.
      chatMessage({ id: 'a1', role: 'assistant', content: 'One cat.', model: 'gpt-4.1', finishReason: 'stop' }),
      chatMessage({ id: 'a2', role: 'assistant', content: 'Two cats.', model: 'gpt-4.1', finishReason: 'stop' }),
    ]),
  );
  stubChatServer((request) => {
    const { method, path } = request;
    if (method === 'GET' && path.startsWith('/chat/images/')) {
      return new Response(storedBytes(path.replace('/chat/images/', '')), {
        headers: { 'content-type': 'image/png' },
      });
    }
    if (method === 'POST' && path === '/chat/sessions') {
      sessions.set('s2', session('s2', []));
      return jsonResponse(201, sessions.get('s2'));
    }
    const [, id, action] = /^\/chat\/sessions\/([^/]+)\/?(.*)$/.exec(path) ?? [];
    const stored = id ? sessions.get(id) : undefined;
    if (!stored) return undefined;
    if (method === 'GET' && !action) return jsonResponse(200, stored);
    if (method === 'POST' && action === 'messages') {
      const body = request.body as Record<string, unknown>;
      sent.push({ sessionId: stored.id, body });
      const answerId = `${stored.id}-answer-${sent.length}`;
      sessions.set(stored.id, {
        ...stored,
        messages: [
          ...stored.messages,
          chatMessage({ id: `${stored.id}-q-${sent.length}`, role: 'user', content: String(body.content) }),
          chatMessage({ id: answerId, role: 'assistant', content: 'Still two cats.', finishReason: 'stop' }),
        ],
      });
      const meta = { runId: 'run-1', messageId: answerId, agent: 'assistant', taskKind: 'general' };
      return sseResponse(
        [
          sseEvent(1, 'meta', { ...meta, model: 'gpt-4.1', provider: 'openai', contextDropped: 0 }),
          sseEvent(2, 'token', { text: 'Still two cats.' }),
          sseEvent(3, 'done', { messageId: answerId, status: 'complete', reason: null, finishReason: 'stop' }),
        ],
        { headers: { 'x-run-id': 'run-1' } },
      );
    }
    return undefined;
  });
  return { sent };
}

const bubble = async (text: string) => (await screen.findByText(text)).closest('article')!;
const editorForm = () => screen.getByLabelText('Edit your question').closest('form')!;
const editorThumbnails = () =>
  within(within(editorForm()).getByRole('list', { name: 'Attached images' })).getAllByRole('img');

describe('asking a question with images again', () => {
  const renderChat = setUpChatPage();
  beforeEach(() => mockObjectUrls());

  it('sends its images again when an answer to it is retried in a new branch', async () => {
    const user = userEvent.setup();
    const server = chatServer();
    renderChat();

    // The earlier answer is the first version of the answer shown.
    await user.click(within(await bubble('Two cats.')).getByRole('button', { name: 'Previous answer' }));
    await user.click(within(await bubble('One cat.')).getByRole('button', { name: 'Retry in a new branch' }));
    await waitFor(() => expect(server.sent).toHaveLength(1));
    expect(server.sent[0]).toEqual({
      sessionId: 's2',
      body: {
        content: 'What is in these pictures?',
        images: [{ dataUrl: storedDataUrl('img-1') }, { dataUrl: storedDataUrl('img-2') }],
        mode: 'senior',
        stream: true,
      },
    });
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
  });

  it('sends its images again with an edited question, which may then be empty', async () => {
    const user = userEvent.setup();
    const server = chatServer();
    renderChat();

    await user.click(within(await bubble('What is in these pictures?')).getByRole('button', { name: 'Edit' }));
    await user.clear(screen.getByLabelText('Edit your question'));
    await user.click(screen.getByRole('button', { name: 'Send in a new branch' }));
    await waitFor(() => expect(server.sent).toHaveLength(1));
    expect(server.sent[0]!.body).toMatchObject({
      content: '',
      images: [{ dataUrl: storedDataUrl('img-1') }, { dataUrl: storedDataUrl('img-2') }],
    });
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
  });

  it('sends the images kept and added with an edited question: the stored ones left, then the new ones', async () => {
    const user = userEvent.setup();
    const server = chatServer();
    renderChat();

    await user.click(within(await bubble('What is in these pictures?')).getByRole('button', { name: 'Edit' }));
    const editor = editorForm();
    expect(editorThumbnails()).toHaveLength(2);
    expect(editorThumbnails()[0]).toHaveAccessibleName('Attached image 1: sent with the question');
    expect(editorThumbnails()[1]).toHaveAccessibleName('Attached image 2: sent with the question');
    // The question's own thumbnails give way to the editor's, to be removed there.
    expect(screen.queryByRole('img', { name: 'Image 1 of the message' })).toBeNull();

    await user.click(within(editor).getByRole('button', { name: 'Remove image 1' }));
    expect(editorThumbnails()).toHaveLength(1);
    await user.upload(editor.querySelector<HTMLInputElement>('input[type="file"]')!, imageFile('dog.png'));
    await waitFor(() => expect(editorThumbnails()).toHaveLength(2));
    expect(editorThumbnails()[1]).toHaveAccessibleName('Attached image 2: dog.png');

    await user.click(within(editor).getByRole('button', { name: 'Send in a new branch' }));
    await waitFor(() => expect(server.sent).toHaveLength(1));
    expect(server.sent[0]!.body).toMatchObject({
      content: 'What is in these pictures?',
      images: [
        { dataUrl: storedDataUrl('img-2') },
        { dataUrl: `data:image/png;base64,${btoa('PNG-bytes-of-dog.png')}` },
      ],
    });
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
  });

  it('cannot send an edited question without text and without images, until an image is pasted', async () => {
    const user = userEvent.setup();
    const server = chatServer();
    renderChat();

    await user.click(within(await bubble('What is in these pictures?')).getByRole('button', { name: 'Edit' }));
    const input = screen.getByLabelText('Edit your question');
    const send = within(editorForm()).getByRole('button', { name: 'Send in a new branch' });
    await user.clear(input);
    expect(send).toBeEnabled();
    await user.click(within(editorForm()).getByRole('button', { name: 'Remove image 2' }));
    await user.click(within(editorForm()).getByRole('button', { name: 'Remove image 1' }));
    expect(send).toBeDisabled();
    await user.type(input, '{Control>}{Enter}{/Control}');
    expect(server.sent).toHaveLength(0);

    fireEvent.paste(input, { clipboardData: { files: [imageFile('pasted.png')], types: ['Files'] } });
    await waitFor(() => expect(send).toBeEnabled());
    await user.click(send);
    await waitFor(() => expect(server.sent).toHaveLength(1));
    expect(server.sent[0]!.body).toMatchObject({
      content: '',
      images: [{ dataUrl: `data:image/png;base64,${btoa('PNG-bytes-of-pasted.png')}` }],
    });
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
  });

  it('counts the images kept from the question in the limits of the ones added', async () => {
    const user = userEvent.setup();
    chatServer([
      { id: 'img-1', mediaType: 'image/png', size: 10 * MIB },
      { id: 'img-2', mediaType: 'image/png', size: 10 * MIB },
    ]);
    renderChat();

    await user.click(within(await bubble('What is in these pictures?')).getByRole('button', { name: 'Edit' }));
    const picker = editorForm().querySelector<HTMLInputElement>('input[type="file"]')!;
    await user.upload(picker, imageFile('small.png'));
    expect(await within(editorForm()).findByRole('alert')).toHaveTextContent(
      '“small.png” was not attached: the images of one message may be 20 MiB together at most.',
    );
    expect(editorThumbnails()).toHaveLength(2);

    // Without one of them, it fits.
    await user.click(within(editorForm()).getByRole('button', { name: 'Remove image 1' }));
    await user.upload(picker, imageFile('small.png'));
    await waitFor(() => expect(editorThumbnails()).toHaveLength(2));
    expect(editorThumbnails()[1]).toHaveAccessibleName('Attached image 2: small.png');
  });
});
