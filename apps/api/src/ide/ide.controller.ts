import { Controller, Get, Header, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { join } from 'node:path';
import { IDE_ASSETS_PATH, IDE_CSP, IDE_PATH, idePage, type IdeAssets } from './ide.page';

/** The part of express's response used here (express 5's `res.sendFile`). */
interface FileResponse {
  sendFile(path: string, options: Record<string, unknown>): void;
}

export const IDE_ASSETS = Symbol('IDE_ASSETS');
export const IDE_ENDPOINT = Symbol('IDE_ENDPOINT');

/** `GET /ide`: the GraphiQL page; `GET /ide/assets/<file>`: its bundle (hashed names). */
@Controller(IDE_PATH.slice(1))
export class IdeController {
  private readonly html: string;

  constructor(
    @Inject(IDE_ASSETS) private readonly assets: IdeAssets,
    @Inject(IDE_ENDPOINT) endpoint: string,
  ) {
    this.html = idePage(assets, endpoint);
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', IDE_CSP)
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'no-referrer')
  index(): string {
    return this.html;
  }

  @Get(`${IDE_ASSETS_PATH.slice(IDE_PATH.length + 1)}/:file`)
  asset(@Param('file') file: string, @Res() res: FileResponse): void {
    // Only the files the build wrote: no paths, nothing else on disk.
    if (!this.assets.files.has(file)) throw new NotFoundException();
    res.sendFile(join(this.assets.dir, file), {
      dotfiles: 'deny',
      maxAge: '365d',
      immutable: true,
      headers: { 'X-Content-Type-Options': 'nosniff' },
    });
  }
}
