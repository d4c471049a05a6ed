import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelInfo } from '@/features/providers';
import { chatMessage, chatSession, imageFile, mockObjectUrls } from '@/test/chat';
import { setUpChatPage, stubChatServer } from '@/test/chat-page';
import { jsonResponse } from '@/test/render';
import { sseEvent } from '@/test/sse-response';
import type { ChatMessage } from '../api/types';
import { runStore } from '../lib/run-store';

const MIB = 1024 * 1024;

const model = (id: string, vision: boolean): ModelInfo => ({
  id,
  provider: 'openai',
  label: id,
  contextWindow: 128_000,
  maxOutputTokens: 16_000,
  pricing: { input: 1, output: 2 },
  capabilities: { streaming: true, tools: true, vision, reasoning: false },
  tier: 'strong',
  keySource: 'user',
});

/**
 * The server: session s1, empty. A sent message is stored with its images (img-1, img-2, …) and
 * answered at once, unless `refuse` names a problem; `hold` keeps the answer back until released.
 */
function fakeServer({
  refuse,
  hold = false,
}: { refuse?: { status: number; code: string; detail: string }; hold?: boolean } = {}) {
  let session = chatSession({ id: 's1', title: 'Pictures' });
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const requests = stubChatServer(async (request) => {
    const { method, path } = request;
    if (method === 'GET' && path === '/models') {
      return jsonResponse(200, {
        items: [model('gpt-vision', true), model('gpt-text', false)],
        providers: [{ provider: 'openai', configured: true, source: 'user' }],
        configured: true,
      });
    }
    if (method === 'GET' && path === '/chat/sessions/s1') return jsonResponse(200, session);
    if (method === 'GET' && path.startsWith('/chat/images/')) {
      return new Response(new Uint8Array([137, 80, 78, 71]), { headers: { 'content-type': 'image/png' } });
    }
    if (method !== 'POST' || path !== '/chat/sessions/s1/messages') return undefined;

    const body = request.body as Record<string, unknown>;
    if (hold) await released;
    if (refuse) return jsonResponse(refuse.status, { code: refuse.code, detail: refuse.detail });
    const images = (body.images as Array<{ dataUrl: string }> | undefined) ?? [];
    const question = chatMessage({
      id: 'q1',
      role: 'user',
      content: String(body.content),
      images: images.map((_, index) => ({ id: `img-${index + 1}`, mediaType: 'image/png', size: 4 })),
    });
    const answer: ChatMessage = chatMessage({ id: 'a1', role: 'assistant', content: 'A cat.', model: 'gpt-vision' });
    session = { ...session, messages: [question, answer] };
    const meta = { runId: 'run-1', messageId: 'a1', agent: 'assistant', taskKind: 'general', model: 'gpt-vision' };
    return new Response(
      sseEvent(1, 'meta', { ...meta, provider: 'openai', contextDropped: 0 }) +
        sseEvent(2, 'token', { text: 'A cat.' }) +
        sseEvent(3, 'done', { messageId: 'a1', status: 'complete', reason: null, finishReason: 'stop' }),
      { headers: { 'content-type': 'text/event-stream', 'x-run-id': 'run-1' } },
    );
  });
  const sent = () =>
    requests.filter((request) => request.method === 'POST').map((request) => request.body as Record<string, unknown>);
  return { sent, release: () => release() };
}

const filePicker = () => document.querySelector<HTMLInputElement>('input[type="file"]')!;
const attached = () => screen.queryByRole('list', { name: 'Attached images' });
const thumbnails = () => within(attached()!).getAllByRole('img');
const messageBox = () => screen.findByLabelText('Message');

describe('attaching images in the composer', () => {
  const renderChat = setUpChatPage();
  beforeEach(() => mockObjectUrls());

  it('has an attach button that opens a picker for the four image types, several at a time', async () => {
    fakeServer();
    renderChat();
    const button = await screen.findByRole('button', { name: 'Attach image' });
    const click = vi.spyOn(filePicker(), 'click');
    await userEvent.setup().click(button);
    expect(click).toHaveBeenCalledOnce();
    expect(filePicker()).toHaveAttribute('accept', 'image/png,image/jpeg,image/gif,image/webp');
    expect(filePicker()).toHaveAttribute('multiple');
  });

  it('shows a thumbnail of a picked image, and removes it with its remove button', async () => {
    const user = userEvent.setup();
    fakeServer();
    renderChat();
    await messageBox();

    await user.upload(filePicker(), [imageFile('cat.png'), imageFile('dog.jpg', 'image/jpeg')]);
    await waitFor(() => expect(attached()).not.toBeNull());
    const [cat, dog] = thumbnails();
    expect(cat).toHaveAccessibleName('Attached image 1: cat.png');
    expect(cat).toHaveAttribute('src', expect.stringMatching(/^data:image\/png;base64,/));
    expect(dog).toHaveAttribute('src', expect.stringMatching(/^data:image\/jpeg;base64,/));

    await user.click(screen.getByRole('button', { name: 'Remove image 1' }));
    expect(thumbnails()).toHaveLength(1);
    expect(thumbnails()[0]).toHaveAccessibleName('Attached image 1: dog.jpg');
    expect(screen.queryByRole('button', { name: 'Remove image 2' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Remove image 1' }));
    expect(attached()).toBeNull();
  });

  it('refuses a file that is not a supported image, or too large, saying which and why', async () => {
    // The picker's accept list is a hint: a user can still choose "all files".
    const user = userEvent.setup({ applyAccept: false });
    fakeServer();
    renderChat();
    await messageBox();

    await user.upload(filePicker(), [
      imageFile('notes.txt', 'text/plain'),
      imageFile('drawing.svg', 'image/svg+xml'),
      imageFile('huge.png', 'image/png', 10 * MIB + 1),
      imageFile('ok.png'),
    ]);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('“notes.txt” was not attached: only PNG, JPEG, GIF and WebP images can be sent.');
    expect(alert).toHaveTextContent('“drawing.svg” was not attached: only PNG, JPEG, GIF and WebP images can be sent.');
    expect(alert).toHaveTextContent('“huge.png” was not attached: it is larger than 10 MiB.');
    expect(alert).not.toHaveTextContent('ok.png');
    await waitFor(() => expect(thumbnails()).toHaveLength(1));
    expect(thumbnails()[0]).toHaveAccessibleName('Attached image 1: ok.png');
  });

  it('refuses a seventh image, and images beyond 20 MiB together, counting those attached before', async () => {
    const user = userEvent.setup();
    fakeServer();
    renderChat();
    await messageBox();

    await user.upload(filePicker(), [imageFile('1.png'), imageFile('2.png'), imageFile('3.png'), imageFile('4.png')]);
    await waitFor(() => expect(thumbnails()).toHaveLength(4));
    await user.upload(filePicker(), [imageFile('5.png'), imageFile('6.png'), imageFile('7.png')]);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '“7.png” was not attached: one message can carry at most 6 images.',
    );
    await waitFor(() => expect(thumbnails()).toHaveLength(6));

    await user.click(screen.getByRole('button', { name: 'Remove image 6' }));
    await user.click(screen.getByRole('button', { name: 'Remove image 5' }));
    // 4 small images, then 10 + 10 MiB (each at the limit): the second would make more than 20 MiB.
    await user.upload(filePicker(), [
      imageFile('big-1.png', 'image/png', 10 * MIB),
      imageFile('big-2.png', 'image/png', 10 * MIB),
    ]);
    expect(await screen.findByText(/“big-2\.png” was not attached/)).toHaveTextContent(
      '“big-2.png” was not attached: the images of one message may be 20 MiB together at most.',
    );
    await waitFor(() => expect(thumbnails()).toHaveLength(5));
  });

  it('attaches an image pasted without text, and leaves text pasted with a picture of it alone', async () => {
    fakeServer();
    renderChat();
    const input = await messageBox();

    fireEvent.paste(input, { clipboardData: { files: [imageFile('image.png')], types: ['Files'] } });
    await waitFor(() => expect(thumbnails()).toHaveLength(1));

    fireEvent.paste(input, {
      clipboardData: { files: [imageFile('cells.png')], types: ['text/plain', 'text/html', 'Files'] },
    });
    // Give a (wrong) read of the second image the time to land.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(thumbnails()).toHaveLength(1);
  });

  it('attaches image files dropped on the composer', async () => {
    fakeServer();
    renderChat();
    const form = (await messageBox()).closest('form')!;
    const dataTransfer = { files: [imageFile('dropped.webp', 'image/webp')], types: ['Files'], dropEffect: 'none' };

    fireEvent.dragOver(form, { dataTransfer });
    expect(form).toHaveClass('composer--dropping');
    fireEvent.drop(form, { dataTransfer });
    expect(form).not.toHaveClass('composer--dropping');
    await waitFor(() => expect(thumbnails()).toHaveLength(1));
    expect(thumbnails()[0]).toHaveAccessibleName('Attached image 1: dropped.webp');
  });
});

describe('sending images', () => {
  const renderChat = setUpChatPage();
  beforeEach(() => mockObjectUrls());

  it('sends the images as data URLs, with an empty question too, and clears them once the answer started', async () => {
    const user = userEvent.setup();
    const server = fakeServer();
    renderChat();
    await messageBox();

    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();
    await user.upload(filePicker(), [imageFile('cat.png')]);
    await waitFor(() => expect(send).toBeEnabled());
    const dataUrl = thumbnails()[0]!.getAttribute('src');
    await user.click(send);

    await waitFor(() => expect(server.sent()).toHaveLength(1));
    expect(server.sent()[0]).toEqual({ content: '', images: [{ dataUrl }], mode: 'senior', stream: true });
    expect(dataUrl).toBe(`data:image/png;base64,${btoa('PNG-bytes-of-cat.png')}`);
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
    expect(attached()).toBeNull();
    // The stored question shows its image, fetched from the server.
    expect(await screen.findByRole('img', { name: 'Image 1 of the message' })).toHaveAttribute(
      'src',
      expect.stringMatching(/^blob:/),
    );
  });

  it('leaves images out of a message without any', async () => {
    const user = userEvent.setup();
    const server = fakeServer();
    renderChat();
    await user.type(await messageBox(), 'Hello{Enter}');
    await waitFor(() => expect(server.sent()).toHaveLength(1));
    expect(server.sent()[0]).not.toHaveProperty('images');
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
  });

  it('shows the images of the question at once, while the message is being sent', async () => {
    const user = userEvent.setup();
    const server = fakeServer({ hold: true });
    renderChat();
    await messageBox();
    await user.upload(filePicker(), [imageFile('cat.png')]);
    await waitFor(() => expect(thumbnails()).toHaveLength(1));
    const dataUrl = thumbnails()[0]!.getAttribute('src');
    await user.type(await messageBox(), 'What is this?{Enter}');

    const question = (await screen.findByText('What is this?', { selector: '.message__text' })).closest('article')!;
    expect(within(question).getByRole('img', { name: 'Image 1 of the message' })).toHaveAttribute('src', dataUrl);
    server.release();
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
  });

  it('keeps the text and the images when the server refuses the message, with its reason', async () => {
    const user = userEvent.setup();
    const detail = 'gpt-text cannot read images. Choose a model that can, or Auto.';
    const server = fakeServer({ refuse: { status: 422, code: 'images_not_supported', detail } });
    renderChat();
    await messageBox();
    await user.upload(filePicker(), [imageFile('cat.png'), imageFile('dog.png')]);
    await waitFor(() => expect(thumbnails()).toHaveLength(2));
    await user.type(await messageBox(), 'What are these?{Enter}');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(detail);
    expect(server.sent()).toHaveLength(1);
    expect(await messageBox()).toHaveValue('What are these?');
    expect(thumbnails().map((image) => image.getAttribute('alt'))).toEqual([
      'Attached image 1: cat.png',
      'Attached image 2: dog.png',
    ]);

    // Fixed (one image fewer) and sent again: the kept images go with it.
    await user.click(screen.getByRole('button', { name: 'Remove image 2' }));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(server.sent()).toHaveLength(2));
    const first = server.sent()[0]!.images as Array<{ dataUrl: string }>;
    expect(server.sent()[1]).toMatchObject({ content: 'What are these?', images: [first[0]] });
  });
});

describe('a chosen model that cannot read images', () => {
  const renderChat = setUpChatPage();
  beforeEach(() => mockObjectUrls());

  it('is named in a hint once images are attached, which does not block sending', async () => {
    const user = userEvent.setup();
    localStorage.setItem('xionimus.chat.model', 'gpt-text');
    const server = fakeServer();
    renderChat();
    await screen.findByRole('option', { name: 'gpt-text' });
    expect(screen.queryByText(/cannot read images/)).toBeNull();

    await user.upload(filePicker(), [imageFile('cat.png')]);
    expect(await screen.findByText('gpt-text cannot read images. “Auto” picks a model that can.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(server.sent()).toHaveLength(1));
    expect(server.sent()[0]).toMatchObject({ model: 'gpt-text' });
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
  });

  it('says nothing with Auto, or with a model that can read images', async () => {
    const user = userEvent.setup();
    fakeServer();
    renderChat();
    await screen.findByRole('option', { name: 'gpt-text' });
    await user.upload(filePicker(), [imageFile('cat.png')]);
    await waitFor(() => expect(thumbnails()).toHaveLength(1));
    expect(screen.queryByText(/cannot read images/)).toBeNull();

    await user.selectOptions(screen.getByLabelText('Model'), 'gpt-vision');
    expect(screen.queryByText(/cannot read images/)).toBeNull();
    await user.selectOptions(screen.getByLabelText('Model'), 'gpt-text');
    expect(await screen.findByText(/gpt-text cannot read images/)).toBeVisible();
  });
});
