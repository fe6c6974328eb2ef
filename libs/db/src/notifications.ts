/**
 * After each committed batch the projector announces, on this Postgres channel,
 * which articles were added and which stories changed; every api instance
 * LISTENs and feeds its GraphQL subscriptions. NOTIFY is transactional, so a
 * subscriber never hears of a row it cannot read yet.
 */
export const PROJECTION_CHANNEL = 'newsgraph_projection';

export interface ProjectionNotice {
  articles: string[];
  stories: string[];
}

/**
 * Postgres caps a payload below 8,000 bytes: the projector's SQL functions
 * split what a batch announces into notices of at most this many bytes.
 */
export const PROJECTION_NOTICE_BYTES = 7_000;

export function parseProjectionNotice(payload: string | undefined): ProjectionNotice | null {
  try {
    const value = JSON.parse(payload ?? '') as Partial<ProjectionNotice>;
    const ids = (x: unknown) =>
      Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : [];
    return { articles: ids(value.articles), stories: ids(value.stories) };
  } catch {
    return null;
  }
}
