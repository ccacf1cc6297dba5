// A small tar.gz writer and reader (ustar with PAX long names; files and folders only), for backups of versions of
// OpenClaw without `backup create`. Small on purpose: the archives are Lobsterpot's own, read back only by it, and
// tar's other entry kinds (links, devices) have no place in a profile's state.
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Readable } from 'node:stream';

const BLOCK = 512;

function header(name: string, size: number, type: '0' | '5' | 'x', mode: number, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const put = (value: string, offset: number, length: number) => block.write(value, offset, length, 'utf8');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
  put(Buffer.byteLength(name) > 100 ? name.slice(0, 90) : name, 0, 100);
  put(octal(mode & 0o7777, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(mtime / 1000), 12), 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put('ustar\u000000', 257, 8);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${octal(sum, 7)}\0`, 148, 8);
  return block;
}

/** A PAX record `<len> path=<name>\n`, whose length counts itself. */
function paxPath(name: string): Buffer {
  const body = ` path=${name}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return Buffer.from(`${length}${body}`);
}

const pad = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/**
 * Writes `root`'s files under `prefix/` into a gzipped tar at `archive`, skipping what `skip` names (by path relative
 * to `root`). Symbolic links are not followed nor stored. Returns the number of files.
 */
export async function writeTarGz(
  archive: string,
  entries: { root: string; prefix: string; skip?: (relativePath: string, isDirectory: boolean) => boolean }[],
  extra: { name: string; content: string }[] = [],
): Promise<number> {
  let files = 0;
  async function* blocks(): AsyncGenerator<Buffer> {
    const entry = function* (name: string, size: number, type: '0' | '5', mode: number, mtime: number) {
      if (Buffer.byteLength(name) > 100) {
        const pax = paxPath(name);
        yield header('PaxHeader', pax.length, 'x', 0o644, mtime);
        yield pax;
        yield pad(pax.length);
      }
      yield header(name, size, type, mode, mtime);
    };
    for (const { name, content } of extra) {
      const data = Buffer.from(content);
      yield* entry(name, data.length, '0', 0o600, Date.now());
      yield data;
      yield pad(data.length);
    }
    for (const { root, prefix, skip } of entries) {
      const walk = async function* (dir: string): AsyncGenerator<Buffer> {
        for (const dirent of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
          a.name.localeCompare(b.name),
        )) {
          const path = join(dir, dirent.name);
          const rel = relative(root, path).split(sep).join('/');
          if (dirent.isSymbolicLink() || skip?.(rel, dirent.isDirectory())) continue;
          const stat = await lstat(path);
          if (dirent.isDirectory()) {
            yield* entry(`${prefix}/${rel}/`, 0, '5', stat.mode, stat.mtimeMs);
            yield* walk(path);
          } else if (dirent.isFile()) {
            // Read whole: the header must carry the size of exactly what follows, even if the file changes meanwhile.
            const content = await readFile(path);
            yield* entry(`${prefix}/${rel}`, content.length, '0', stat.mode, stat.mtimeMs);
            yield content;
            yield pad(content.length);
            files++;
          }
        }
      };
      yield* walk(root);
    }
    yield Buffer.alloc(BLOCK * 2);
  }
  await mkdir(dirname(archive), { recursive: true });
  await pipeline(Readable.from(blocks()), createGzip(), createWriteStream(archive, { mode: 0o600 }));
  return files;
}

/** Extracts a gzipped tar written by `writeTarGz` into `target`; refuses any entry that would land outside it. */
export async function extractTarGz(archive: string, target: string): Promise<void> {
  const chunks: Buffer[] = [];
  await pipeline(createReadStream(archive), createGunzip(), async function* (source) {
    for await (const chunk of source) chunks.push(chunk as Buffer);
    yield* [];
  });
  const data = Buffer.concat(chunks);
  const root = resolve(target);
  let longName: string | null = null;
  for (let offset = 0; offset + BLOCK <= data.length;) {
    const block = data.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      block
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const mode = parseInt(field(100, 8).trim() || '644', 8);
    const body = data.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? null;
      continue;
    }
    const name = longName ?? field(0, 100);
    longName = null;
    const path = resolve(root, name);
    if (path !== root && !path.startsWith(root + sep)) throw new Error(`the archive's entry ${name} leaves its folder`);
    if (type === '5') await mkdir(path, { recursive: true });
    else if (type === '0') {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body, { mode: mode & 0o777 });
    }
  }
}
