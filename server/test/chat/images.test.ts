import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../support/app.js';
import { startChatApp, type ChatApp } from '../support/chat.js';

// A real 1×1 PNG and a GIF header: types are told by content, not by the data URL's claim.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG = Buffer.from(PNG_BASE64, 'base64');
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32)]);
const MIB = 1024 * 1024;
const dataUrl = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`;

/** The parts of the user messages the fake OpenAI server received in its last request. */
function lastOpenAiUserParts(chat: ChatApp) {
  const request = chat.fake.requests.filter((entry) => entry.provider === 'openai').at(-1)!;
  return (request.body.messages as Array<{ role: string; content: unknown }>)
    .filter((message) => message.role === 'user')
    .map((message) => message.content);
}

describe('images in chat', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startChatApp();
  });
  beforeEach(() => chat.fake.reset());
  afterAll(() => chat.close());

  it('sends an image to a vision model, stores it with the message, and shows it to its owner only', async () => {
    const sessionId = await chat.session();
    const sent = await chat.send(sessionId, {
      content: 'What is in this picture?',
      model: 'gpt-4.1-mini',
      images: [{ dataUrl: dataUrl(GIF, 'image/png') }, { dataUrl: dataUrl(PNG) }],
    });
    expect(sent.response.status).toBe(200);
    expect(sent.events.at(-1)?.event).toBe('done');

    // OpenAI's wire format: the text, then each image as an image_url part with its detected type.
    expect(lastOpenAiUserParts(chat)).toEqual([
      [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: `data:image/gif;base64,${GIF.toString('base64')}` } },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
      ],
    ]);

    const stored = await chat.settled(sessionId);
    const [question, answer] = stored.messages;
    expect(question.images).toEqual([
      { id: expect.any(String), mediaType: 'image/gif', size: GIF.length },
      { id: expect.any(String), mediaType: 'image/png', size: PNG.length },
    ]);
    expect(answer.images).toEqual([]);

    const image = await fetch(`${chat.server.url}/api/chat/images/${question.images[1].id}`, {
      headers: { authorization: `Bearer ${chat.user.token}` },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);

    const stranger = await registerAndLogin(chat.server, 'stranger');
    const refused = await chat.server.request('GET', `/api/chat/images/${question.images[1].id}`, {
      token: stranger.token,
    });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ code: 'image_not_found' });
  });

  it('sends the images of earlier turns with the history, and takes a message that is only an image', async () => {
    const sessionId = await chat.session();
    await chat.send(sessionId, { content: '', model: 'gpt-4.1-mini', images: [{ dataUrl: dataUrl(PNG) }] });
    await chat.settled(sessionId);
    await chat.send(sessionId, { content: 'And what colour is it?', model: 'gpt-4.1-mini' });
    await chat.settled(sessionId);

    const stored = await chat.server.request('GET', `/api/chat/sessions/${sessionId}`, { token: chat.user.token });
    expect(stored.body.title).toBe('Image');
    const [first, second] = lastOpenAiUserParts(chat);
    expect(first).toEqual([{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } }]);
    expect(second).toBe('And what colour is it?');
  });

  it('sends the newest 20 images of the history, leaving older ones out', async () => {
    const sessionId = await chat.session();
    for (const count of [6, 6, 6, 3]) {
      const images = Array.from({ length: count }, () => ({ dataUrl: dataUrl(PNG) }));
      await chat.send(sessionId, { content: `${count} images`, model: 'gpt-4.1-mini', images });
      await chat.settled(sessionId);
    }
    await chat.send(sessionId, { content: 'How many did I send?', model: 'gpt-4.1-mini' });
    await chat.settled(sessionId);

    const imagesPerTurn = lastOpenAiUserParts(chat).map((content) =>
      Array.isArray(content) ? content.filter((part: { type: string }) => part.type === 'image_url').length : 0,
    );
    expect(imagesPerTurn).toEqual([5, 6, 6, 3, 0]);
  });

  it('tells a model that reads no images that one was there, instead of sending it', async () => {
    const sessionId = await chat.session();
    await chat.send(sessionId, { content: 'Look at this', model: 'gpt-4.1-mini', images: [{ dataUrl: dataUrl(PNG) }] });
    await chat.settled(sessionId);
    const followUp = await chat.send(sessionId, { content: 'Now search the web for it', model: 'sonar' });
    expect(followUp.response.status).toBe(200);

    const request = chat.fake.requests.filter((entry) => entry.provider === 'perplexity').at(-1)!;
    const users = (request.body.messages as Array<{ role: string; content: string }>).filter((m) => m.role === 'user');
    expect(users.map((message) => message.content)).toEqual([
      'Look at this\n\n[an image not shown: this model cannot read images]',
      'Now search the web for it',
    ]);
  });

  it('refuses images a model cannot read, content that is no image, too many and too large, storing nothing', async () => {
    const sessionId = await chat.session();
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ content: 'hi', model: 'sonar', images: [{ dataUrl: dataUrl(PNG) }] }, 400, 'images_not_supported'],
      [{ content: 'hi', images: [{ dataUrl: dataUrl(Buffer.from('not an image at all')) }] }, 400, 'unsupported_image'],
      [{ content: 'hi', images: [{ dataUrl: `data:image/png,${PNG_BASE64}` }] }, 400, 'unsupported_image'],
      [
        { content: 'hi', images: [{ dataUrl: dataUrl(Buffer.concat([PNG, Buffer.alloc(10 * MIB)])) }] },
        400,
        'image_too_large',
      ],
      [
        {
          content: 'hi',
          images: [8, 8, 5].map((mib) => ({ dataUrl: dataUrl(Buffer.concat([PNG, Buffer.alloc(mib * MIB)])) })),
        },
        400,
        'image_too_large',
      ],
      [
        {
          content: 'hi',
          images: [10, 10, 10].map((mib) => ({ dataUrl: dataUrl(Buffer.concat([PNG, Buffer.alloc(mib * MIB)])) })),
        },
        413,
        'body_too_large',
      ],
      [
        { content: 'hi', images: Array.from({ length: 7 }, () => ({ dataUrl: dataUrl(PNG) })) },
        400,
        'validation_failed',
      ],
      [{ content: '' }, 400, 'empty_message'],
    ];
    for (const [body, status, code] of cases) {
      const { response, problem } = await chat.send(sessionId, body);
      expect(response.status, code).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(problem, code).toMatchObject({ code });
    }
    // The refusal of a total names the image that crossed it.
    const { problem } = await chat.send(sessionId, cases[4]![0]);
    expect(problem.detail).toMatch(/^body\/images\/2 takes the images of this message past 20 MiB/);

    const stored = await chat.server.request('GET', `/api/chat/sessions/${sessionId}`, { token: chat.user.token });
    expect(stored.body.messages).toEqual([]);
    expect(chat.fake.requests).toEqual([]);
  });

  it('forks with the images, which outlive the session they were sent in', async () => {
    const sessionId = await chat.session();
    await chat.send(sessionId, { content: 'Describe it', model: 'gpt-4.1-mini', images: [{ dataUrl: dataUrl(PNG) }] });
    const original = await chat.settled(sessionId);
    const fork = await chat.server.request('POST', `/api/chat/sessions/${sessionId}/fork`, {
      token: chat.user.token,
      body: { messageId: original.messages[1].id },
    });
    expect(fork.status).toBe(201);
    const copied = fork.body.messages[0].images;
    expect(copied).toEqual([{ id: expect.any(String), mediaType: 'image/png', size: PNG.length }]);
    expect(copied[0].id).not.toBe(original.messages[0].images[0].id);

    const exported = await chat.server.request('GET', `/api/chat/sessions/${fork.body.id}/export?format=markdown`, {
      token: chat.user.token,
    });
    expect(exported.text).toContain('Describe it\n\n_(1 image)_');

    await chat.server.request('DELETE', `/api/chat/sessions/${sessionId}`, { token: chat.user.token });
    const gone = await chat.server.request('GET', `/api/chat/images/${original.messages[0].images[0].id}`, {
      token: chat.user.token,
    });
    expect(gone.status).toBe(404);
    const kept = await fetch(`${chat.server.url}/api/chat/images/${copied[0].id}`, {
      headers: { authorization: `Bearer ${chat.user.token}` },
    });
    expect(kept.status).toBe(200);
    expect(Buffer.from(await kept.arrayBuffer())).toEqual(PNG);
  });

  it('sends an image to Claude in Anthropic’s own format', async () => {
    const sessionId = await chat.session();
    await chat.send(sessionId, {
      content: 'What is this?',
      model: 'claude-haiku-4-5',
      images: [{ dataUrl: dataUrl(PNG) }],
    });
    await chat.settled(sessionId);
    const request = chat.fake.requests.filter((entry) => entry.provider === 'anthropic').at(-1)!;
    expect(request.body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
        ],
      },
    ]);
  });
});
