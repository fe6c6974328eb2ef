import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

// Prisma's schema engine compiled to WebAssembly: `prisma migrate deploy` without
// the native binary that Prisma's CLI would download. The package is ESM-only.
type WasmEngineModule = typeof import('@prisma/schema-engine-wasm', {
  with: { 'resolution-mode': 'import' },
});
type MigrationList = Parameters<
  Awaited<ReturnType<WasmEngineModule['SchemaEngine']['new']>>['applyMigrations']
>[0]['migrationsList'];

const noFilter = { externalTables: [], externalEnums: [] };

function loadEngineModule(): Promise<WasmEngineModule> {
  // A real dynamic import even in CommonJS output (TypeScript would turn a literal
  // import() into require(), which cannot load the engine's .wasm module).
  return (new Function('s', 'return import(s)') as (s: string) => Promise<WasmEngineModule>)(
    '@prisma/schema-engine-wasm',
  );
}

/**
 * The pg driver adapter runs a migration script by splitting it at every
 * semicolon, which cuts a function body apart. This one sends the script whole,
 * as Prisma's native engine does: one simple-protocol query, which Postgres runs
 * as one implicit transaction, so a failed migration also leaves nothing behind.
 */
class ScriptPg extends PrismaPg {
  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = await super.connect();
    adapter.executeScript = async (script: string): Promise<void> => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        // The adapter's own mapping to the errors the engine reports.
        (adapter as unknown as { onError(error: unknown): never }).onError(error);
      }
    };
    return adapter;
  }
}

function readMigrations(dir: string): MigrationList {
  const lock = join(dir, 'migration_lock.toml');
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lock) ? readFileSync(lock, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return {
        path: name,
        migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: sql } },
      };
    }),
  };
}

async function withEngine<T>(
  databaseUrl: string,
  fn: (engine: Awaited<ReturnType<WasmEngineModule['SchemaEngine']['new']>>) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const adapter = bindMigrationAwareSqlAdapterFactory(
    new ScriptPg({ connectionString: databaseUrl }),
  );
  const engine = await SchemaEngine.new({ datamodels: undefined }, () => undefined, adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

/** Applies the unapplied migrations of `dir`, recording them in `_prisma_migrations`. */
export async function migrateDatabase(databaseUrl: string, dir: string): Promise<string[]> {
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({
      migrationsList: readMigrations(dir),
      filters: noFilter,
    });
    return out.appliedMigrationNames;
  });
}

/** The schema's files: one file, or every `.prisma` file of a folder. */
function schemaFiles(schemaPath: string): { path: string; content: string }[] {
  if (!statSync(schemaPath).isDirectory()) {
    return [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }];
  }
  return readdirSync(schemaPath)
    .filter((f) => f.endsWith('.prisma'))
    .sort()
    .map((f) => ({
      path: join(schemaPath, f),
      content: readFileSync(join(schemaPath, f), 'utf8'),
    }));
}

const SNAPSHOT = 'schema.snapshot.prisma';

/**
 * Writes a new migration with the SQL that takes the previous migration's schema to
 * the current one (what `prisma migrate diff` would print). Each migration folder
 * keeps a snapshot of the schema it produced: diffing from the migrations folder
 * itself needs the engine to introspect a shadow database, which the pg driver
 * adapter cannot do yet ("Column type 'char' could not be deserialized").
 * `prisma migrate deploy` reads only migration.sql and ignores the snapshot.
 * Returns the folder name, or null when the schema has no changes.
 */
export async function createMigration(
  databaseUrl: string,
  schemaPath: string,
  dir: string,
  name: string,
): Promise<string | null> {
  const migrations = readMigrations(dir).migrationDirectories;
  const last = migrations[migrations.length - 1];
  let from:
    { tag: 'empty' } | { tag: 'schemaDatamodel'; files: { path: string; content: string }[] } = {
    tag: 'empty',
  };
  if (last) {
    const snapshot = join(dir, last.path, SNAPSHOT);
    if (!existsSync(snapshot)) {
      throw new Error(
        `${last.path} has no ${SNAPSHOT}; write the migration by hand or add the snapshot`,
      );
    }
    from = {
      tag: 'schemaDatamodel',
      files: [{ path: snapshot, content: readFileSync(snapshot, 'utf8') }],
    };
  }
  const files = schemaFiles(schemaPath);
  return withEngine(databaseUrl, async (engine) => {
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    const sql = result.stdout ?? '';
    if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) return null;
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const folder = `${stamp}_${name.replace(/[^a-z0-9_]+/gi, '_')}`;
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, 'migration.sql'), sql);
    writeFileSync(join(dir, folder, SNAPSHOT), files.map((f) => f.content).join('\n'));
    const lock = join(dir, 'migration_lock.toml');
    if (!existsSync(lock)) writeFileSync(lock, 'provider = "postgresql"\n');
    return folder;
  });
}
