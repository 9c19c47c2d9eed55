/**
 * Checks attachment files before anything is sent: each must exist, be a regular readable file,
 * not be empty, and be within the size limit. Symlinks are followed and their target is kept for
 * the review. The same file given twice is attached once.
 *
 * The checks are synchronous calls: each is one system call on a file's metadata, and made through
 * Node's thread pool they were a round trip to another thread each, and started the pool's threads
 * (bench/notes.md). A file is opened without waiting (O_NONBLOCK), so one swapped for a FIFO after
 * its check cannot keep the command waiting for a writer.
 */
import { closeSync, constants, openSync, realpathSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import mime from 'mime/lite';
import prettyBytes from 'pretty-bytes';
import { LIMITS } from './limits.js';

export interface Attachment {
  /** The path as the user gave it. */
  path: string;
  /** Where it really is, after symlinks. */
  realPath: string;
  /** The name sent to the portal: the given path's own file name. */
  name: string;
  size: number;
  contentType: string;
}

export interface AttachmentLimits {
  maxBytes: number;
  maxCount: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxBytes: LIMITS.attachmentBytes, maxCount: LIMITS.attachmentCount };

export function contentTypeOf(fileName: string): string {
  return mime.getType(fileName) ?? 'application/octet-stream';
}

/** Opens a file to read without waiting, whatever it has become: a FIFO opens at once, and its reads fail. */
export function openFileNow(path: string): number {
  return openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
}

/** Checks one file. Returns the attachment, or a problem in words (without the file name). */
export function checkAttachment(path: string, limits: AttachmentLimits): { ok: true; value: Attachment } | { ok: false; problem: string } {
  const fail = (problem: string) => ({ ok: false as const, problem });
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('no such file: check the path');
    if (code === 'EACCES') return fail('cannot be reached (permission denied on a folder in its path)');
    if (code === 'ELOOP') return fail('is a symbolic link that loops');
    return fail(`cannot be read (${code ?? (error as Error).message})`);
  }
  if (info.isDirectory()) return fail('is a folder: attach files one by one, or pack the folder into an archive');
  if (!info.isFile()) return fail('is not a regular file (a FIFO, socket or device): copy what you need into a file and attach that');
  if (info.size === 0) return fail('is empty: there is nothing to attach');
  if (info.size > limits.maxBytes) {
    let [size, limit] = [prettyBytes(info.size), prettyBytes(limits.maxBytes)];
    if (size === limit) [size, limit] = [`${info.size} bytes`, `${limits.maxBytes} bytes`];
    return fail(`is ${size}, over the limit of ${limit} per file: compress it or attach a smaller excerpt`);
  }
  try {
    closeSync(openFileNow(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied): check its permissions' : `cannot be read (${code ?? (error as Error).message})`);
  }
  const name = basename(path);
  return { ok: true, value: { path, realPath: realpathSync.native(path), name, size: info.size, contentType: contentTypeOf(name) } };
}

/**
 * Checks every file. Returns the attachments (duplicates dropped) and one problem line per bad file,
 * each naming the file, so the user sees every problem at once.
 */
export function checkAttachments(paths: readonly string[], limits: AttachmentLimits): { attachments: Attachment[]; problems: string[] } {
  const results = paths.map((path) => ({ path, result: checkAttachment(path, limits) }));
  const problems: string[] = [];
  const attachments: Attachment[] = [];
  const seen = new Set<string>();
  for (const { path, result } of results) {
    if (!result.ok) problems.push(`${path}: ${result.problem}`);
    else if (!seen.has(result.value.realPath)) {
      seen.add(result.value.realPath);
      attachments.push(result.value);
    }
  }
  if (attachments.length > limits.maxCount) problems.push(`${attachments.length} files are attached, over the limit of ${limits.maxCount}: pack them into an archive`);
  return { attachments, problems };
}
