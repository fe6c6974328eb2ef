import type { ApolloServerPlugin } from '@apollo/server';
import { Module, type DynamicModule } from '@nestjs/common';
import { IDE_ASSETS, IDE_ENDPOINT, IdeController } from './ide.controller';
import { idePage, type IdeAssets } from './ide.page';

/** Serves the GraphQL IDE at /ide (see ide.page.ts). */
@Module({})
export class IdeModule {
  static forRoot(assets: IdeAssets, endpoint: string): DynamicModule {
    return {
      module: IdeModule,
      controllers: [IdeController],
      providers: [
        { provide: IDE_ASSETS, useValue: assets },
        { provide: IDE_ENDPOINT, useValue: endpoint },
      ],
    };
  }
}

/**
 * Apollo's landing page: a browser opening the GraphQL endpoint itself (GET,
 * `Accept: text/html`) gets the same IDE page; the page's <meta> CSP applies there.
 */
export function ideLandingPage(assets: IdeAssets, endpoint: string): ApolloServerPlugin {
  const html = idePage(assets, endpoint);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
