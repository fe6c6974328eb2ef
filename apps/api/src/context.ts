import type { Loaders } from '@newsgraph/query';
import type { Role } from './security/api-keys';

/** Per request: the caller's role and a fresh set of DataLoaders. */
export interface GqlContext {
  /** `invalid`: a key was presented that is not ours (refused before any resolver). */
  role: Role | 'invalid';
  /** Rate-limit identity: the key, or the client address. */
  caller: string;
  loaders: Loaders;
}
