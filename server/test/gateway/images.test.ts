import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatApp } from '../support/chat.js';
import { newCaller, startGatewayApp } from './callers.js';

// A real 1×1 PNG, and a GIF header: types are told by content.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG = Buffer.from(PNG_BASE64, 'base64');
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32)]);
const MIB = 1024 * 1024;

/** A web server of pictures on loopback, which the admin allowed the gateway to fetch from. */
async function startPictureServer() {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/cat.gif') res.writeHead(200, { 'content-type': 'image/png' }).end(GIF);
    else if (req.url === '/large.png') res.writeHead(200).end(Buffer.concat([PNG, Buffer.alloc(18 * MIB)]));
    else if (req.url === '/huge.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(PNG);
      res.end(Buffer.alloc(21 * MIB));
    } else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const look = (image: OpenAI.ChatCompletionContentPartImage['image_url'], text = 'What is in this picture?') => [
  {
    role: 'user' as const,
    content: [
      { type: 'text' as const, text },
      { type: 'image_url' as const, image_url: image },
    ],
  },
];

describe('OpenAI-compatible gateway: images', () => {
  let chat: ChatApp;
  let client: OpenAI;
  let token: string;
  let pictures: Awaited<ReturnType<typeof startPictureServer>>;
  beforeAll(async () => {
    pictures = await startPictureServer();
    chat = await startGatewayApp({ env: { OUTBOUND_ALLOW_HOSTS: pictures.host } });
    const caller = await newCaller(chat);
    client = caller.client;
    token = caller.pat.token;
  });
  beforeEach(() => {
    chat.fake.reset();
    pictures.requests.length = 0;
  });
  afterAll(async () => {
    await chat.close();
    await pictures.close();
  });

  it('gives an OpenAI model an inline image with its detail, and an Anthropic model the same image', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: look({ url: `data:image/png;base64,${PNG_BASE64}`, detail: 'low' }),
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(chat.fake.requests[0]?.body.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}`, detail: 'low' } },
      ],
    });

    chat.fake.reset();
    await client.chat.completions.create({
      model: 'claude-haiku-4-5',
      messages: look({ url: `data:image/png;base64,${PNG_BASE64}` }),
    });
    expect(chat.fake.requests[0]?.body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
        ],
      },
    ]);
  });

  it('fetches an image by its address through the outbound guard and sends it by its real type', async () => {
    await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: look({ url: `${pictures.url}/cat.gif` }),
    });
    expect(pictures.requests).toEqual(['/cat.gif']);
    // The server said image/png; the bytes are a GIF.
    const [, image] = chat.fake.requests[0]!.body.messages.at(-1).content;
    expect(image.image_url.url).toBe(`data:image/gif;base64,${GIF.toString('base64')}`);
  });

  it('routes a message with an image only to models that read images', async () => {
    const research = await client.chat.completions.create({
      model: 'xionimus-research',
      messages: look({ url: `data:image/png;base64,${PNG_BASE64}` }, 'Where was this taken?'),
    });
    expect(research.model).not.toMatch(/^sonar/);
    expect(chat.fake.requests.map((request) => request.provider)).not.toContain('perplexity');
  });

  it('refuses images it cannot use with a 400 naming the part, before calling any provider', async () => {
    const cases: Array<[string, object[], string, RegExp]> = [
      [
        'gpt-4.1-nano',
        look({ url: 'data:image/png;base64,aGVsbG8gd29ybGQ=' }),
        'unsupported_image',
        /content\/1 is not a PNG, JPEG, GIF or WebP image \(its content is of no known type\)/,
      ],
      ['gpt-4.1-nano', look({ url: 'data:image/png,raw' }), 'unsupported_image', /data URL without ;base64/],
      ['gpt-4.1-nano', look({ url: 'file:///etc/passwd' }), 'unsupported_image', /must be an https:\/\/ address/],
      ['gpt-4.1-nano', look({ url: `${pictures.url}/missing.png` }), 'image_unreachable', /its server answered 404/],
      ['gpt-4.1-nano', look({ url: `${pictures.url}/huge.png` }), 'image_too_large', /is larger than 20 MiB/],
      [
        'gpt-4.1-nano',
        look({ url: 'http://169.254.169.254/latest/meta-data/' }),
        'outbound_url_blocked',
        /169\.254\.169\.254/,
      ],
      [
        'sonar',
        look({ url: `data:image/png;base64,${PNG_BASE64}` }),
        'images_not_supported',
        /sonar cannot read images/,
      ],
      [
        'gpt-4.1-nano',
        [
          { role: 'user', content: 'hi' },
          {
            role: 'assistant',
            content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } }],
          },
        ],
        'unsupported_content',
        /messages\/1\/content\/0 is an image in a message of role assistant; only user messages hold images/,
      ],
    ];
    for (const [model, messages, code, detail] of cases) {
      const response = await fetch(`${chat.server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ model, messages }),
      });
      const body = (await response.json()) as { code: string; detail: string };
      expect({ status: response.status, code: body.code }, JSON.stringify(messages).slice(0, 200)).toEqual({
        status: 400,
        code,
      });
      expect(body.detail).toMatch(detail);
    }
    expect(chat.fake.requests).toEqual([]);
  });

  it('bounds the images of one call: at most 20, together at most 50 MiB', async () => {
    const image = { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } };
    const send = (content: object[]) =>
      fetch(`${chat.server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content }] }),
      }).then(async (response) => ({ status: response.status, ...((await response.json()) as object) }));

    expect(await send(Array.from({ length: 21 }, () => image))).toMatchObject({
      status: 400,
      code: 'too_many_images',
      detail: 'body/messages hold 21 images; send at most 20 per call',
    });
    const large = { type: 'image_url', image_url: { url: `${pictures.url}/large.png` } };
    expect(await send([large, large, large])).toMatchObject({
      status: 400,
      code: 'image_too_large',
      detail: 'body/messages/0/content/2 takes the images of this call past 50 MiB',
    });
    expect(pictures.requests).toEqual(['/large.png', '/large.png', '/large.png']);
    expect(chat.fake.requests).toEqual([]);
  });

  it('takes a body of several MiB, as inline images make', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(3 * MIB)]).toString('base64');
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: look({ url: `data:image/png;base64,${big}` }),
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const [, image] = chat.fake.requests[0]!.body.messages.at(-1).content;
    expect(image.image_url.url).toHaveLength(`data:image/png;base64,${big}`.length);
  });
});
