import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IDE_ASSETS, IDE_ENDPOINT, IdeController } from './ide.controller';
import { IDE_CSP, IDE_PATH, idePage, type IdeAssets } from './ide.page';

/**
 * The IDE's page at /ide, and for a browser opening the GraphQL endpoint itself
 * (GET without a query string, `Accept: text/html`); API clients are not affected.
 */
@Injectable()
export class IdeLandingPage implements OnModuleInit {
  constructor(
    private readonly http: HttpAdapterHost,
    @Inject(IDE_ASSETS) private readonly assets: IdeAssets,
    @Inject(IDE_ENDPOINT) private readonly endpoint: string,
  ) {}

  onModuleInit(): void {
    const html = idePage(this.assets, this.endpoint);
    const fastify = this.http.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== 'GET') return;
      const path = request.url.split('?')[0];
      const atEndpoint =
        request.url === this.endpoint && String(request.headers.accept).includes('text/html');
      if (path !== IDE_PATH && !atEndpoint) return;
      return reply
        .header('Content-Type', 'text/html; charset=utf-8')
        .header('Content-Security-Policy', IDE_CSP)
        .header('Cache-Control', 'no-cache')
        .header('X-Content-Type-Options', 'nosniff')
        .header('Referrer-Policy', 'no-referrer')
        .send(html);
    });
  }
}

/** Serves the GraphQL IDE at /ide (and its assets), and at the GraphQL endpoint for browsers. */
@Module({})
export class IdeModule {
  static forRoot(assets: IdeAssets, endpoint: string): DynamicModule {
    return {
      module: IdeModule,
      controllers: [IdeController],
      providers: [
        { provide: IDE_ASSETS, useValue: assets },
        { provide: IDE_ENDPOINT, useValue: endpoint },
        IdeLandingPage,
      ],
    };
  }
}
