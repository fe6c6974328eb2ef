import { z } from 'zod';

// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Loose on purpose:
// a malformed field drops that field, not the item or the feed.
const text = z.string().optional().catch(undefined);
const author = z.object({ name: text, url: text }).passthrough().optional().catch(undefined);

const JsonFeedItem = z
  .object({
    // 1.0 feeds in the wild use numbers as ids.
    id: z.union([z.string(), z.number()]).transform(String).optional().catch(undefined),
    url: text,
    external_url: text,
    title: text,
    content_html: text,
    content_text: text,
    summary: text,
    date_published: text,
    date_modified: text,
    author,
    authors: z.array(author).optional().catch(undefined),
    language: text,
  })
  .passthrough();
export type JsonFeedItem = z.infer<typeof JsonFeedItem>;

export const JsonFeed = z
  .object({
    version: z.string().regex(/^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/),
    title: text,
    home_page_url: text,
    feed_url: text,
    language: text,
    items: z.array(z.unknown()),
  })
  .passthrough();
export type JsonFeed = z.infer<typeof JsonFeed>;

/** Items that are objects parse; anything else in `items` is dropped. */
export function jsonFeedItems(feed: JsonFeed): JsonFeedItem[] {
  return feed.items.flatMap((raw) => {
    const item = JsonFeedItem.safeParse(raw);
    return item.success ? [item.data] : [];
  });
}
