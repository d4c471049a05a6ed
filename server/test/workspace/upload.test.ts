import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, startTestApp, type TestApp } from '../support/app.js';

// A real 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
// The start of a 64-bit little-endian ELF executable.
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56, 0)]);
const MIB = 1024 * 1024;

describe('uploading files to a workspace', () => {
  let server: TestApp;
  let token: string;
  beforeAll(async () => {
    server = await startTestApp();
    ({ token } = await registerAndLogin(server));
  });
  afterAll(() => server.close());

  const newWorkspace = async () =>
    (await server.request('POST', '/api/workspaces', { token, body: { name: 'uploads' } })).body.id as string;
  const paths = async (id: string) =>
    (await server.request('GET', `/api/workspaces/${id}/files`, { token })).body.items.map(
      (file: { path: string }) => file.path,
    );

  async function upload(id: string, files: Array<[string, Buffer | string]>, fields: Record<string, string> = {}) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const [path, content] of files) form.append('files', new Blob([content]), path);
    const response = await fetch(`${server.url}/api/workspaces/${id}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const body: any = await response.json();
    return { status: response.status, headers: response.headers, body };
  }

  it('stores text files and a real PNG, checked by content, under their folders', async () => {
    const id = await newWorkspace();
    const reply = await upload(
      id,
      [
        ['src/index.ts', 'export const answer = 42;\n'],
        ['assets/pixel.png', PNG],
        ['notes', 'no extension, still text\n'],
      ],
      { dir: 'web' },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([
      expect.objectContaining({ path: 'web/assets/pixel.png', text: false, mime: 'image/png', size: PNG.length }),
      expect.objectContaining({ path: 'web/notes', text: true, mime: 'text/plain' }),
      expect.objectContaining({ path: 'web/src/index.ts', text: true, language: 'typescript' }),
    ]);
    expect(await paths(id)).toEqual(['web/assets/pixel.png', 'web/notes', 'web/src/index.ts']);

    const binary = await server.request('GET', `/api/workspaces/${id}/file?path=web/assets/pixel.png`, { token });
    expect(binary.status).toBe(415);
    expect(binary.body).toMatchObject({ code: 'workspace_file_binary', mime: 'image/png' });
  });

  it('serves a binary file raw, as an attachment that browsers must not sniff', async () => {
    const id = await newWorkspace();
    await upload(id, [['img/Bild ä.png', PNG]]);
    const response = await fetch(
      `${server.url}/api/workspaces/${id}/raw?path=${encodeURIComponent('img/Bild ä.png')}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Bild _.png"; filename*=UTF-8''${encodeURIComponent('Bild ä.png')}`,
    );
    expect(Buffer.compare(Buffer.from(await response.arrayBuffer()), PNG)).toBe(0);

    const text = await fetch(`${server.url}/api/workspaces/${id}/raw?path=missing.txt`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(text.status).toBe(404);
  });

  it('refuses an ELF renamed .png, naming it and its type, and stores nothing of the upload', async () => {
    const id = await newWorkspace();
    const reply = await upload(id, [
      ['ok.ts', 'export {};\n'],
      ['images/cat.png', ELF],
    ]);
    expect(reply.status).toBe(415);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({
      code: 'workspace_file_refused',
      path: 'images/cat.png',
      detectedType: 'application/x-elf',
    });
    expect(reply.body.detail).toContain('images/cat.png');
    expect(await paths(id)).toEqual([]);
  });

  it('refuses a PNG under another name, an executable and an unknown blob', async () => {
    const id = await newWorkspace();
    const cases: Array<[string, Buffer, string | null]> = [
      ['photo.jpg', PNG, 'image/png'],
      ['tool.bin', ELF, 'application/x-elf'],
      ['blob.dat', Buffer.from([0xff, 0x00, 0x13, 0x37, 0x00]), null],
    ];
    for (const [path, bytes, detectedType] of cases) {
      const reply = await upload(id, [[path, bytes]]);
      expect(reply.body).toMatchObject({ status: 415, code: 'workspace_file_refused', path, detectedType });
    }
    expect(await paths(id)).toEqual([]);
  });

  it('refuses a file over the per-file limit with 413, storing nothing', async () => {
    const id = await newWorkspace();
    const reply = await upload(id, [
      ['small.txt', 'fine'],
      ['big.txt', 'x'.repeat(2 * MIB + 1)],
    ]);
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ code: 'workspace_file_too_large', path: 'big.txt' });
    expect(await paths(id)).toEqual([]);
  });

  it('refuses bad paths and duplicates in an upload', async () => {
    const id = await newWorkspace();
    expect((await upload(id, [['../up.txt', 'x']])).body).toMatchObject({
      status: 400,
      code: 'workspace_path_invalid',
    });
    expect(
      (
        await upload(id, [
          ['a.txt', 'x'],
          ['./a.txt', 'y'],
        ])
      ).body,
    ).toMatchObject({ status: 400, code: 'workspace_upload_duplicate' });
    expect(await paths(id)).toEqual([]);
  });

  it('keeps a workspace within its 50 MiB quota', async () => {
    const id = await newWorkspace();
    const chunk = 'a'.repeat(2 * MIB);
    const filled = await upload(
      id,
      Array.from({ length: 25 }, (_value, index): [string, string] => [`part${index}.txt`, chunk]),
    );
    expect(filled.status).toBe(200);
    const over = await server.request('PUT', `/api/workspaces/${id}/file`, {
      token,
      body: { path: 'one-more.txt', content: 'x' },
    });
    expect(over.body).toMatchObject({ status: 413, code: 'workspace_quota_exceeded' });
    // Replacing a file with a smaller one still fits.
    const smaller = await server.request('PUT', `/api/workspaces/${id}/file`, {
      token,
      body: { path: 'part0.txt', content: 'b' },
    });
    expect(smaller.status).toBe(200);
  });
});
