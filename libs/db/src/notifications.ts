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

/** Postgres caps a payload below 8,000 bytes: split into notices that fit. */
export function projectionNotices(
  articles: string[],
  stories: string[],
  maxBytes = 7_000,
): string[] {
  const out: string[] = [];
  let current: ProjectionNotice = { articles: [], stories: [] };
  let size = 30;
  const push = (kind: keyof ProjectionNotice, id: string) => {
    if (size + id.length + 3 > maxBytes) {
      out.push(JSON.stringify(current));
      current = { articles: [], stories: [] };
      size = 30;
    }
    current[kind].push(id);
    size += id.length + 3;
  };
  for (const id of articles) push('articles', id);
  for (const id of stories) push('stories', id);
  if (current.articles.length || current.stories.length) out.push(JSON.stringify(current));
  return out;
}

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
