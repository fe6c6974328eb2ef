// Bundles the GraphQL IDE (GraphiQL and its Monaco workers) from node_modules
// into apps/api/dist/ide-assets, for the api to serve itself (no CDN). Runs
// offline as part of `npm run build`; skips the work when nothing it reads changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, '..', 'dist', 'ide-assets');
const manifestPath = join(outdir, 'manifest.json');
/** The URL path the api serves `outdir` under (see apps/api/src/ide). */
const publicPath = '/ide/assets';
const require = createRequire(import.meta.url);

// What the output depends on: this script, the entry, and the bundled packages' versions.
const packages = [
  'graphiql',
  '@graphiql/react',
  '@graphiql/toolkit',
  'monaco-editor',
  'monaco-graphql',
  'react',
  'react-dom',
  'graphql',
  'graphql-ws',
  'esbuild',
];
const version = (name) => {
  const manifest = require.resolve(`${name}/package.json`, { paths: [here] });
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
};
const inputs = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(readFileSync(join(here, 'client.mjs')))
  .update(packages.map((p) => `${p}@${version(p)}`).join('\n'))
  .digest('hex');

if (existsSync(manifestPath) && JSON.parse(readFileSync(manifestPath, 'utf8')).inputs === inputs) {
  process.exit(0);
}

const started = Date.now();
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  target: ['es2022'],
  outdir,
  publicPath,
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
};

const resolveFrom = (specifier) => require.resolve(specifier, { paths: [here] });

// Monaco's workers: classic scripts, one per language service GraphiQL uses.
const workerEntries = {
  editor: resolveFrom('monaco-editor/esm/vs/editor/editor.worker.js'),
  json: resolveFrom('monaco-editor/esm/vs/language/json/json.worker.js'),
  graphql: resolveFrom('monaco-graphql/esm/graphql.worker.js'),
};
const workers = await esbuild.build({
  ...common,
  entryPoints: Object.entries(workerEntries).map(([label, file]) => ({
    in: file,
    out: `${label}.worker`,
  })),
  entryNames: '[name]-[hash]',
  format: 'iife',
});

// The page's script: one ES module, with what GraphiQL loads lazily (Monaco, Prettier)
// inlined, so that one stylesheet holds all the CSS (esbuild does not load the CSS of
// split chunks by itself).
const app = await esbuild.build({
  ...common,
  entryPoints: [{ in: join(here, 'client.mjs'), out: 'graphiql' }],
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  format: 'esm',
});

const url = (file) => `${publicPath}/${relative(outdir, file).split('\\').join('/')}`;
const outputOf = (result, name) => {
  const [file] =
    Object.entries(result.metafile.outputs).find(
      ([, meta]) => meta.entryPoint && basename(meta.entryPoint) === name,
    ) ?? [];
  if (!file) throw new Error(`ide build: no output for ${name}`);
  return file;
};
const script = outputOf(app, 'client.mjs');
const style = app.metafile.outputs[script].cssBundle;
if (!style) throw new Error('ide build: GraphiQL styles missing from the bundle');
const manifest = {
  inputs,
  graphiql: version('graphiql'),
  script: url(script),
  style: url(style),
  workers: Object.fromEntries(
    Object.entries(workerEntries).map(([label, file]) => [
      label,
      url(outputOf(workers, basename(file))),
    ]),
  ),
};
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `ide: GraphiQL ${manifest.graphiql} bundled into ${relative(process.cwd(), outdir)} in ${Date.now() - started} ms`,
);
