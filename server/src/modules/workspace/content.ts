// What a workspace file is, judged by its bytes: UTF-8 text (any extension), or one of a few
// binary types recognised by their magic bytes whose extension agrees. Everything else (an ELF
// renamed .png, an unknown blob, an executable) is refused, so the raw download never serves
// something other than what its name and type say.
import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../platform/errors.js';

/** Detected binary types a workspace accepts, with the extensions each may carry. */
const BINARY_TYPES: Record<string, readonly string[]> = {
  png: ['.png'],
  jpg: ['.jpg', '.jpeg'],
  gif: ['.gif'],
  webp: ['.webp'],
  pdf: ['.pdf'],
  zip: ['.zip'],
};

const TEXT_TYPES: Record<string, { mime: string; language: string | null }> = {
  '.js': { mime: 'text/javascript', language: 'javascript' },
  '.mjs': { mime: 'text/javascript', language: 'javascript' },
  '.cjs': { mime: 'text/javascript', language: 'javascript' },
  '.jsx': { mime: 'text/javascript', language: 'javascript' },
  '.ts': { mime: 'text/x-typescript', language: 'typescript' },
  '.mts': { mime: 'text/x-typescript', language: 'typescript' },
  '.cts': { mime: 'text/x-typescript', language: 'typescript' },
  '.tsx': { mime: 'text/x-typescript', language: 'typescript' },
  '.py': { mime: 'text/x-python', language: 'python' },
  '.json': { mime: 'application/json', language: 'json' },
  '.md': { mime: 'text/markdown', language: 'markdown' },
  '.html': { mime: 'text/html', language: 'html' },
  '.htm': { mime: 'text/html', language: 'html' },
  '.css': { mime: 'text/css', language: 'css' },
  '.svg': { mime: 'image/svg+xml', language: 'xml' },
  '.xml': { mime: 'application/xml', language: 'xml' },
  '.yml': { mime: 'application/yaml', language: 'yaml' },
  '.yaml': { mime: 'application/yaml', language: 'yaml' },
  '.toml': { mime: 'text/plain', language: 'toml' },
  '.sql': { mime: 'application/sql', language: 'sql' },
  '.sh': { mime: 'text/x-shellscript', language: 'shell' },
  '.bash': { mime: 'text/x-shellscript', language: 'shell' },
  '.go': { mime: 'text/x-go', language: 'go' },
  '.rs': { mime: 'text/x-rust', language: 'rust' },
  '.java': { mime: 'text/x-java', language: 'java' },
  '.c': { mime: 'text/x-c', language: 'c' },
  '.h': { mime: 'text/x-c', language: 'c' },
  '.cpp': { mime: 'text/x-c++', language: 'cpp' },
  '.cc': { mime: 'text/x-c++', language: 'cpp' },
  '.hpp': { mime: 'text/x-c++', language: 'cpp' },
  '.csv': { mime: 'text/csv', language: null },
  '.txt': { mime: 'text/plain', language: null },
};

export interface FileKind {
  text: boolean;
  mime: string;
  language: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of valid UTF-8 without NUL bytes, byte for byte (a BOM is kept); undefined otherwise. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The kind of a text file, by its name. */
export function textKind(path: string): FileKind {
  const known = TEXT_TYPES[extname(path).toLowerCase()];
  return { text: true, mime: known?.mime ?? 'text/plain', language: known?.language ?? null };
}

/** Text or an accepted binary type; 415 `workspace_file_refused` naming the file and what it is. */
export async function classify(path: string, bytes: Uint8Array): Promise<FileKind> {
  if (decodeUtf8(bytes) !== undefined) return textKind(path);
  const detected = await fileTypeFromBuffer(bytes);
  const refuse = (reason: string): never => {
    throw new AppError('workspace_file_refused', 415, `${path}: ${reason}`, {
      extra: { path, detectedType: detected?.mime ?? null },
    });
  };
  if (!detected) return refuse('not UTF-8 text and not a recognised file type');
  const extensions = BINARY_TYPES[detected.ext];
  if (!extensions)
    return refuse(`its content is ${detected.mime}, which a workspace does not accept (images, PDF and ZIP only)`);
  if (!extensions.includes(extname(path).toLowerCase()))
    return refuse(
      `its content is ${detected.mime}, which does not match its name (expected ${extensions.join(' or ')})`,
    );
  return { text: false, mime: detected.mime, language: null };
}
