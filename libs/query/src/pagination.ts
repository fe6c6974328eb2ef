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

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0)
    throw new InvalidQueryError('first', 'must be a non-negative integer');
  if (first > MAX_PAGE_SIZE)
    throw new InvalidQueryError('first', `must be at most ${MAX_PAGE_SIZE}`);
  return first;
}

export interface Cursor {
  at: Date;
  id: string;
}

/** Opaque keyset cursor: the sort key of the last row seen. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string, argument = 'after'): Cursor {
  const decoded = Buffer.from(value, 'base64url').toString('utf8');
  const [at, id, extra] = decoded.split('|');
  const date = at ? new Date(at) : new Date(NaN);
  if (
    !id ||
    extra !== undefined ||
    Number.isNaN(date.getTime()) ||
    encodeCursor({ at: date, id }) !== value
  ) {
    throw new InvalidQueryError(argument, 'is not a cursor returned by this API');
  }
  return { at: date, id };
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  endCursor: string | null;
  startCursor: string | null;
}

export function toPage<T>(rows: T[], size: number, cursorOf: (row: T) => Cursor): Page<T> {
  const nodes = rows.slice(0, size);
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    hasNextPage: rows.length > size,
    startCursor: first ? encodeCursor(cursorOf(first)) : null,
    endCursor: last ? encodeCursor(cursorOf(last)) : null,
  };
}
