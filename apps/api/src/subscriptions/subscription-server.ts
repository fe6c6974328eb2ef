import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GqlSubscriptionService, GraphQLSchemaHost } from '@nestjs/graphql';
import { PrismaService } from '@newsgraph/db';
import { createLoaders } from '@newsgraph/query';
import type { IncomingMessage } from 'node:http';
import type { GqlContext } from '../context';
import { ApiKeys, keyFromConnectionParams, keyFromHeaders } from '../security/api-keys';

export const SUBSCRIPTION_OPTIONS = Symbol('SUBSCRIPTION_OPTIONS');

export interface SubscriptionOptions {
  path: string;
  keys: ApiKeys;
}

interface WsExtra {
  request?: IncomingMessage;
  role?: GqlContext['role'];
  caller?: string;
}

/**
 * Subscriptions over graphql-ws on the api's HTTP server, with the schema
 * mercurius serves (graphql-ws's own server, so clients get its protocol and
 * close codes: 4403 for a refused key).
 */
@Injectable()
export class SubscriptionServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private service?: GqlSubscriptionService;

  constructor(
    private readonly http: HttpAdapterHost,
    private readonly schema: GraphQLSchemaHost,
    private readonly prisma: PrismaService,
    @Inject(SUBSCRIPTION_OPTIONS) private readonly options: SubscriptionOptions,
  ) {}

  onApplicationBootstrap(): void {
    const { keys, path } = this.options;
    this.service = new GqlSubscriptionService(
      {
        schema: this.schema.schema,
        path,
        'graphql-ws': {
          // Subscriptions always need a key: in the connection parameters (apiKey,
          // or x-api-key / Authorization as GraphiQL sends its headers) or the
          // upgrade request's headers.
          onConnect: (ctx) => {
            const extra = ctx.extra as WsExtra;
            const presented =
              keyFromConnectionParams(ctx.connectionParams) ??
              (extra.request ? keyFromHeaders(extra.request.headers) : undefined);
            const role = keys.roleOf(presented);
            if (role !== 'read' && role !== 'admin') return false;
            extra.role = role;
            extra.caller = presented;
            return true;
          },
        },
        context: (ctx): GqlContext => {
          const extra = ctx.extra as WsExtra;
          return {
            role: extra.role ?? 'invalid',
            caller: extra.caller ?? '',
            loaders: createLoaders(this.prisma),
          };
        },
      },
      this.http.httpAdapter.getHttpServer(),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.service?.stop();
  }
}
