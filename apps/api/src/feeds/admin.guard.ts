import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import type { GqlContext } from '../context';

/**
 * Feed administration, queries included, needs the admin key (`x-api-key`, one
 * of API_ADMIN_KEYS): the registry and its errors reveal what we poll.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { role } = GqlExecutionContext.create(context).getContext<GqlContext>();
    if (role === 'admin') return true;
    if (role === 'anonymous' || role === 'invalid') {
      throw new GraphQLError('feeds need an admin API key (x-api-key)', {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
    throw new GraphQLError('feeds need an admin API key', {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  }
}
