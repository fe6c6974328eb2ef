import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  StreamableFile,
} from '@nestjs/common';
import { createReadStream, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { IDE_ASSETS_PATH, IDE_PATH, type IdeAssets } from './ide.page';

export const IDE_ASSETS = Symbol('IDE_ASSETS');
export const IDE_ENDPOINT = Symbol('IDE_ENDPOINT');

/** The types of the files the IDE build writes; anything else is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** `GET /ide/assets/<file>`: the page's bundle (hashed names); the page: IdeLandingPage. */
@Controller(IDE_PATH.slice(1))
export class IdeController {
  constructor(@Inject(IDE_ASSETS) private readonly assets: IdeAssets) {}

  @Get(`${IDE_ASSETS_PATH.slice(IDE_PATH.length + 1)}/:file`)
  // Hashed file names: a file never changes under its name.
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  @Header('X-Content-Type-Options', 'nosniff')
  asset(@Param('file') file: string): StreamableFile {
    // Only the files the build wrote: no paths, nothing else on disk.
    const type = CONTENT_TYPES[extname(file)];
    if (!this.assets.files.has(file) || !type) throw new NotFoundException();
    const path = join(this.assets.dir, file);
    return new StreamableFile(createReadStream(path), { type, length: statSync(path).size });
  }
}
