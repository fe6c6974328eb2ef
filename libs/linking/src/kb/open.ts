import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import unbzip2Stream from 'unbzip2-stream';

export type Compression = 'none' | 'gzip' | 'bzip2';

const CHUNK = 1 << 20;

/** Compression of a file by its magic bytes (extensions lie; dumps get renamed). */
export async function sniffCompression(path: string): Promise<Compression> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await file.read(head, 0, 3, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (bytesRead === 3 && head.toString('latin1') === 'BZh') return 'bzip2';
    return 'none';
  } finally {
    await file.close();
  }
}

function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return null;
}

export interface OpenOptions {
  /**
   * bzip2 decoder: "auto" uses lbzip2/bzip2 from PATH when present (a full Wikidata
   * dump is ~90 GB of bzip2, hours in JavaScript), else the JavaScript one.
   */
  bzip2?: 'auto' | 'js' | 'system';
}

/** A readable byte stream of the file's decompressed content (plain, gzip or bzip2). */
export async function openDecompressed(path: string, options: OpenOptions = {}): Promise<Readable> {
  const compression = await sniffCompression(path);
  // Large chunks: a dump is gigabytes, and every chunk costs a callback.
  if (compression === 'none') return createReadStream(path, { highWaterMark: CHUNK });
  if (compression === 'gzip') {
    const gunzip = createGunzip({ chunkSize: CHUNK });
    const source = createReadStream(path, { highWaterMark: CHUNK });
    source.on('error', (error) => gunzip.destroy(error));
    return source.pipe(gunzip);
  }
  const mode = options.bzip2 ?? 'auto';
  const system = mode === 'js' ? null : (onPath('lbzip2') ?? onPath('bzip2'));
  if (system) {
    const child = spawn(system, ['-dc', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      if (code) child.stdout.destroy(new Error(`${system} exited with ${code}: ${stderr.trim()}`));
    });
    return child.stdout;
  }
  if (mode === 'system') throw new Error('no lbzip2 or bzip2 on PATH');
  // unbzip2-stream is a classic (streams1) through-stream: wrap it for async iteration.
  const bunzip = unbzip2Stream();
  const source = createReadStream(path);
  source.on('error', (error) => bunzip.emit('error', error));
  return new Readable().wrap(source.pipe(bunzip));
}
