import { describe, expect, it } from 'vitest';
import { classify, decodeUtf8 } from './content.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('workspace file content', () => {
  it('decodes UTF-8 byte for byte, keeping a BOM, so the text hashes like the stored bytes', () => {
    const bytes = Buffer.from('\uFEFFconst s = "ä";\n', 'utf8');
    const text = decodeUtf8(bytes);
    expect(text?.startsWith('\uFEFF')).toBe(true);
    expect(Buffer.compare(Buffer.from(text!, 'utf8'), bytes)).toBe(0);
  });

  it('treats NUL bytes and invalid UTF-8 as not text', () => {
    expect(decodeUtf8(Buffer.from('a\0b'))).toBeUndefined();
    expect(decodeUtf8(Buffer.from([0x61, 0xc3, 0x28]))).toBeUndefined();
    expect(decodeUtf8(Buffer.alloc(0))).toBe('');
  });

  it('accepts text under any name and an image whose name agrees with its bytes', async () => {
    expect(await classify('bin/run', Buffer.from('#!/bin/sh\necho hi\n'))).toEqual({
      text: true,
      mime: 'text/plain',
      language: null,
    });
    expect(await classify('a/Logo.PNG', PNG)).toEqual({ text: false, mime: 'image/png', language: null });
  });

  it('refuses an image under a name of another type, with what it detected', async () => {
    await expect(classify('logo.gif', PNG)).rejects.toMatchObject({
      code: 'workspace_file_refused',
      statusCode: 415,
      extra: { path: 'logo.gif', detectedType: 'image/png' },
    });
    await expect(classify('logo', PNG)).rejects.toMatchObject({ code: 'workspace_file_refused' });
  });
});
