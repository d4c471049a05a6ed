import { describe, expect, it } from 'vitest';
import { createOutputCapture, type OutputChunk } from './output.js';

describe('the output capture', () => {
  it('coalesces small writes into one chunk per stream, in order', () => {
    const chunks: OutputChunk[] = [];
    const capture = createOutputCapture({ capBytes: 1024, onChunk: (chunk) => chunks.push(chunk) });
    for (const letter of 'abc') capture.write('stdout', Buffer.from(letter));
    capture.write('stderr', Buffer.from('!'));
    capture.write('stdout', Buffer.from('d'));
    capture.end();
    expect(chunks).toEqual([
      { stream: 'stdout', text: 'abc' },
      { stream: 'stderr', text: '!' },
      { stream: 'stdout', text: 'd' },
    ]);
    expect(capture.result()).toEqual({ stdout: 'abcd', stderr: '!', outputTruncated: false });
  });

  it('sends a pending chunk once it reaches the chunk size', () => {
    const chunks: OutputChunk[] = [];
    const capture = createOutputCapture({ capBytes: 1024, chunkBytes: 4, onChunk: (chunk) => chunks.push(chunk) });
    capture.write('stdout', Buffer.from('ab'));
    expect(chunks).toEqual([]);
    capture.write('stdout', Buffer.from('cd'));
    expect(chunks).toEqual([{ stream: 'stdout', text: 'abcd' }]);
  });

  it('keeps characters split across writes whole', () => {
    const capture = createOutputCapture({ capBytes: 1024, onChunk: () => undefined });
    const bytes = Buffer.from('grüße');
    capture.write('stdout', bytes.subarray(0, 3));
    capture.write('stdout', bytes.subarray(3));
    capture.end();
    expect(capture.result().stdout).toBe('grüße');
  });

  it('drops everything beyond the cap shared by both streams, and says so once', () => {
    let overflows = 0;
    const capture = createOutputCapture({ capBytes: 10, onChunk: () => undefined, onOverflow: () => overflows++ });
    capture.write('stdout', Buffer.from('123456'));
    capture.write('stderr', Buffer.from('abcdef'));
    capture.write('stdout', Buffer.from('more'));
    capture.end();
    expect(capture.result()).toEqual({ stdout: '123456', stderr: 'abcd', outputTruncated: true });
    expect(overflows).toBe(1);
  });

  it('drops a character cut by the cap instead of exceeding it', () => {
    const capture = createOutputCapture({ capBytes: 3, onChunk: () => undefined });
    capture.write('stdout', Buffer.from('aü!'));
    capture.end();
    const { stdout } = capture.result();
    expect(stdout).toBe('aü');
    capture.write('stdout', Buffer.from('x'));
    expect(Buffer.byteLength(capture.result().stdout)).toBeLessThanOrEqual(3);
  });
});
