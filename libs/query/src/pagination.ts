/** Thrown for a request that can never succeed as asked (bad cursor, page too large). */
export class InvalidQueryError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
    this.name = 'InvalidQueryError';
  }
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Offset-paged orders (relevance, counts) stop here; narrow the query instead. */
export const MAX_OFFSET = 10_000;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PageRequest {
  size: number;
  /** Paging backwards from `before` (Relay `last`). */
  backward: boolean;
  cursor: string | null;
}

/** Validates Relay arguments: one direction at a time, page sizes capped. */
export function pageRequest(args: PageArgs): PageRequest {
  const check = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 0)
      throw new InvalidQueryError(name, 'must be a non-negative integer');
    if (value > MAX_PAGE_SIZE)
      throw new InvalidQueryError(name, `must be at most ${MAX_PAGE_SIZE}`);
    return value;
  };
  const hasLast = args.last !== null && args.last !== undefined;
  const hasFirst = args.first !== null && args.first !== undefined;
  if (hasLast && hasFirst) throw new InvalidQueryError('last', 'cannot be combined with first');
  if (args.before && args.after)
    throw new InvalidQueryError('before', 'cannot be combined with after');
  if (hasLast || args.before) {
    if (args.after) throw new InvalidQueryError('after', 'cannot be combined with last');
    return {
      size: hasLast ? check('last', args.last!) : DEFAULT_PAGE_SIZE,
      backward: true,
      cursor: args.before ?? null,
    };
  }
  return {
    size: hasFirst ? check('first', args.first!) : DEFAULT_PAGE_SIZE,
    backward: false,
    cursor: args.after ?? null,
  };
}

/** Kept for callers that only page forwards. */
export function pageSize(first: number | null | undefined): number {
  return pageRequest({ first }).size;
}

export interface Cursor {
  at: Date;
  id: string;
}

const encode = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Opaque keyset cursor: the sort key of a row. */
export function encodeCursor(cursor: Cursor): string {
  return encode(`k|${cursor.at.toISOString()}|${cursor.id}`);
}

export function decodeCursor(value: string, argument = 'after'): Cursor {
  const [tag, at, id, extra] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const date = at ? new Date(at) : new Date(NaN);
  if (
    tag !== 'k' ||
    !id ||
    extra !== undefined ||
    Number.isNaN(date.getTime()) ||
    encodeCursor({ at: date, id }) !== value
  ) {
    throw new InvalidQueryError(argument, 'is not a cursor returned by this API');
  }
  return { at: date, id };
}

/** Opaque offset cursor, for orders that have no stable key (relevance, counts). */
export function encodeOffset(offset: number): string {
  return encode(`o|${offset}`);
}

export function decodeOffset(value: string, argument = 'after'): number {
  const [tag, n, extra] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const offset = Number(n);
  if (
    tag !== 'o' ||
    extra !== undefined ||
    !Number.isInteger(offset) ||
    offset < 0 ||
    encodeOffset(offset) !== value
  ) {
    throw new InvalidQueryError(argument, 'is not a cursor returned by this API');
  }
  if (offset > MAX_OFFSET)
    throw new InvalidQueryError(argument, `pages past ${MAX_OFFSET} results are not served`);
  return offset;
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** A page from `size + 1` rows in query order (the extra row tells if more exist). */
export function toPage<T>(rows: T[], request: PageRequest, cursorOf: (row: T) => string): Page<T> {
  const more = rows.length > request.size;
  const taken = rows.slice(0, request.size);
  const nodes = request.backward ? taken.reverse() : taken;
  return {
    nodes,
    cursors: nodes.map(cursorOf),
    hasNextPage: request.backward ? request.cursor !== null : more,
    hasPreviousPage: request.backward ? more : request.cursor !== null,
  };
}
