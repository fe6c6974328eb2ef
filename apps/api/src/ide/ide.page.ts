import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The GraphQL IDE: the official GraphiQL, bundled at build time from node_modules
 * (apps/api/ide/build.mjs) into `apps/api/dist/ide-assets` and served by the api
 * itself, so the browser loads nothing from another origin.
 */
export const IDE_PATH = '/ide';
export const IDE_ASSETS_PATH = `${IDE_PATH}/assets`;
/** Two levels below apps/api both in the sources (tests) and in the build. */
export const IDE_ASSETS_DIR = join(__dirname, '..', '..', 'dist', 'ide-assets');

export interface IdeAssets {
  dir: string;
  graphiql: string;
  script: string;
  style: string;
  /** Monaco's web workers by label (`editor`, `json`, `graphql`). */
  workers: Record<string, string>;
  /** The file names in `dir` the api may serve. */
  files: ReadonlySet<string>;
}

/** The bundle's manifest; throws when the IDE was not built. */
export function loadIdeAssets(dir = IDE_ASSETS_DIR): IdeAssets {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest))
    throw new Error(
      `API_IDE is on but the GraphQL IDE is not built (${manifest} is missing): ` +
        'run `npm run build`, or set API_IDE=false',
    );
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as Omit<IdeAssets, 'dir' | 'files'>;
  const files = new Set(readdirSync(dir).filter((f) => f !== 'manifest.json'));
  for (const url of [m.script, m.style, ...Object.values(m.workers)]) {
    const name = url.slice(IDE_ASSETS_PATH.length + 1);
    if (!url.startsWith(`${IDE_ASSETS_PATH}/`) || !files.has(name))
      throw new Error(`the GraphQL IDE build is incomplete: ${url} is not in ${dir}`);
  }
  return { dir, graphiql: m.graphiql, script: m.script, style: m.style, workers: m.workers, files };
}

/**
 * Same origin only. Styles may be inline (Monaco and GraphiQL set element styles)
 * and fonts and images may be data: URIs (GraphiQL's stylesheet embeds its fonts);
 * `connect-src 'self'` covers the page's own ws:// and wss:// (CSP level 3).
 */
const cspDirectives = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
];
/** For the header; `frame-ancestors` has no effect in a <meta> element. */
export const IDE_CSP = [...cspDirectives, "frame-ancestors 'none'"].join('; ');

/** For text and double-quoted attribute values. */
const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The IDE's page; `endpoint` is the GraphQL path (queries over HTTP, subscriptions over graphql-ws). */
export function idePage(assets: IdeAssets, endpoint: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(cspDirectives.join('; '))}" />
    <meta name="referrer" content="no-referrer" />
    <title>newsgraph GraphQL IDE</title>
    <link rel="stylesheet" href="${escapeHtml(assets.style)}" />
    <style>
      html, body, #graphiql { height: 100%; margin: 0; }
    </style>
  </head>
  <body>
    <div id="graphiql" data-endpoint="${escapeHtml(endpoint)}" data-workers="${escapeHtml(JSON.stringify(assets.workers))}">
      <noscript>The GraphQL IDE (GraphiQL ${escapeHtml(assets.graphiql)}) needs JavaScript.</noscript>
    </div>
    <script type="module" src="${escapeHtml(assets.script)}"></script>
  </body>
</html>
`;
}
