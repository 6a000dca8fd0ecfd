import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

import { ToolInputError } from '../mcp/errors.js';

// Local files for attachment tools, confined to ATTACHMENTS_DIR: no absolute paths, no `..`, no symlink
// that leads out, no overwrite unless asked. Both Jira and Confluence tools go through here.

function requireDir(dir: string | undefined): string {
  if (!dir) throw new ToolInputError('Local files are disabled: set ATTACHMENTS_DIR to a directory the server may use, or pass content as base64.');
  return dir;
}

/** Resolves a caller's relative path inside the directory, following symlinks, or refuses it. */
async function confine(dir: string, path: string, argument: string): Promise<string> {
  if (path.trim() === '' || isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    throw new ToolInputError(`${argument}: give a path relative to ATTACHMENTS_DIR without "..", e.g. 'reports/q3.pdf'`);
  }
  const root = await realpath(dir);
  const target = resolve(root, path);
  // Resolve the deepest existing ancestor: a symlinked folder on the way must still end inside the root.
  let existing = target;
  for (;;) {
    try {
      existing = await realpath(existing);
      break;
    } catch {
      const parent = dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  const inside = (candidate: string) => candidate === root || candidate.startsWith(root + sep);
  if (!inside(existing) || !inside(target)) throw new ToolInputError(`${argument}: ${path} leads outside ATTACHMENTS_DIR`);
  return join(existing, relative(existing, target));
}

/** Reads a file inside ATTACHMENTS_DIR, refusing symlinks that point out and files over the size cap. */
export async function readConfinedFile(dir: string | undefined, path: string, maxBytes: number, argument = 'file_path'): Promise<{ data: Buffer; name: string }> {
  const root = requireDir(dir);
  const target = await confine(root, path, argument);
  const real = await realpath(target).catch(() => {
    throw new ToolInputError(`${argument}: ${path} does not exist in ATTACHMENTS_DIR`);
  });
  if (!real.startsWith((await realpath(root)) + sep)) throw new ToolInputError(`${argument}: ${path} leads outside ATTACHMENTS_DIR`);
  const info = await lstat(real);
  if (!info.isFile()) throw new ToolInputError(`${argument}: ${path} is not a regular file`);
  if (info.size > maxBytes) throw new ToolInputError(`${argument}: ${path} has ${info.size} bytes, over ATTACHMENT_MAX_BYTES=${maxBytes}`);
  return { data: await readFile(real), name: basename(real) };
}

/** Writes a file inside ATTACHMENTS_DIR; an existing file is replaced only with overwrite=true. Returns the path. */
export async function writeConfinedFile(dir: string | undefined, path: string, data: Buffer, overwrite: boolean, argument = 'save_path'): Promise<string> {
  const root = requireDir(dir);
  const target = await confine(root, path, argument);
  await mkdir(dirname(target), { recursive: true });
  // O_NOFOLLOW: a symlink planted at the target itself is never written through.
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (overwrite ? constants.O_TRUNC : constants.O_EXCL);
  const handle = await open(target, flags, 0o600).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') throw new ToolInputError(`${argument}: ${path} already exists; pass overwrite=true to replace it`);
    if (error.code === 'ELOOP') throw new ToolInputError(`${argument}: ${path} is a symlink; refusing to write through it`);
    throw error;
  });
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
  return target;
}
