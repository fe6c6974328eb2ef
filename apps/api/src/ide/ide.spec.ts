import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDE_CSP, idePage, loadIdeAssets, type IdeAssets } from './ide.page';

const manifest = {
  inputs: 'x',
  graphiql: '5.4.0',
  script: '/ide/assets/graphiql-A.js',
  style: '/ide/assets/graphiql-B.css',
  workers: { editor: '/ide/assets/editor.worker-C.js' },
};

function build(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ide-assets-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  for (const f of files) writeFileSync(join(dir, f), '');
  return dir;
}

describe('the GraphQL IDE page', () => {
  it('reads the build manifest and lists the files it may serve', () => {
    const dir = build(['graphiql-A.js', 'graphiql-B.css', 'editor.worker-C.js', 'codicon-D.ttf']);
    const assets = loadIdeAssets(dir);
    expect(assets).toMatchObject({ dir, script: manifest.script, style: manifest.style });
    expect([...assets.files].sort()).toEqual([
      'codicon-D.ttf',
      'editor.worker-C.js',
      'graphiql-A.js',
      'graphiql-B.css',
    ]);
  });

  it('refuses to start without the build, or with part of it', () => {
    expect(() => loadIdeAssets(join(tmpdir(), 'no-such-ide-build'))).toThrow(
      /not built.*npm run build.*API_IDE=false/,
    );
    expect(() => loadIdeAssets(build(['graphiql-A.js', 'graphiql-B.css']))).toThrow(
      /editor\.worker-C\.js is not in/,
    );
  });

  it('loads only same-origin files and points GraphiQL at the endpoint', () => {
    const assets: IdeAssets = { ...manifest, dir: '/x', files: new Set() };
    const html = idePage(assets, '/graphql');
    expect(html).not.toMatch(/\/\/[a-z0-9]/i);
    expect(html).toContain('<script type="module" src="/ide/assets/graphiql-A.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/ide/assets/graphiql-B.css" />');
    expect(html).toContain('data-endpoint="/graphql"');
    expect(html).toContain(
      'data-workers="{&quot;editor&quot;:&quot;/ide/assets/editor.worker-C.js&quot;}"',
    );
    expect(html).toContain(`content="${IDE_CSP.replace("; frame-ancestors 'none'", '')}"`);
    expect(idePage(assets, '/a"b<c>')).toContain('data-endpoint="/a&quot;b&lt;c&gt;"');
  });

  it('allows no other origin in its Content-Security-Policy', () => {
    expect(IDE_CSP).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(IDE_CSP).not.toMatch(/https?:|\*|unsafe-eval/);
  });
});
