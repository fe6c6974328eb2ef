import { timingSafeEqual } from 'node:crypto';

export type Role = 'anonymous' | 'read' | 'admin';

export class ApiKeys {
  private readonly keys: { key: Buffer; role: Exclude<Role, 'anonymous'> }[];

  constructor(readKeys: string[], adminKeys: string[]) {
    this.keys = [
      ...adminKeys.map((k) => ({ key: Buffer.from(k), role: 'admin' as const })),
      ...readKeys.map((k) => ({ key: Buffer.from(k), role: 'read' as const })),
    ];
  }

  /** The role of a presented key; undefined for a key that is not ours. */
  roleOf(presented: string | undefined | null): Role | undefined {
    if (!presented) return 'anonymous';
    const candidate = Buffer.from(presented);
    // Constant-time comparison, so response times do not reveal key prefixes.
    const match = this.keys.find(
      (k) => k.key.length === candidate.length && timingSafeEqual(k.key, candidate),
    );
    return match?.role;
  }
}

/** `x-api-key: <key>` or `Authorization: Bearer <key>`. */
export function keyFromHeaders(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const direct = headers['x-api-key'];
  if (typeof direct === 'string' && direct) return direct;
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  return undefined;
}

/**
 * The key a graphql-ws client presents in its connection parameters: `apiKey`,
 * or the request headers GraphiQL sends there (`x-api-key`, `Authorization: Bearer`;
 * any case).
 */
export function keyFromConnectionParams(
  params: Record<string, unknown> | undefined,
): string | undefined {
  if (!params) return undefined;
  if (typeof params.apiKey === 'string' && params.apiKey) return params.apiKey;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(params))
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  return keyFromHeaders(headers);
}
