import { readdirSync, readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: {
          tag: 'ok' as const,
          value: readFileSync(join(dir, name, 'migration.sql'), 'utf8'),
        },
      },
    })),
  };
}

async function withEngine<T>(
  databaseUrl: string,
  fn: (engine: Awaited<ReturnType<WasmEngineModule['SchemaEngine']['new']>>) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const adapter = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg({ connectionString: databaseUrl }),
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

/**
 * Writes a new migration with the SQL that takes the migrations folder to the
 * schema (what `prisma migrate diff --from-migrations --to-schema` prints).
 * Returns the folder name, or null when the schema has no changes.
 */
export async function createMigration(
  databaseUrl: string,
  schemaPath: string,
  dir: string,
  name: string,
): Promise<string | null> {
  return withEngine(databaseUrl, async (engine) => {
    const migrations = readMigrations(dir);
    const result = await engine.diff({
      from: migrations.migrationDirectories.length
        ? { tag: 'migrations', ...migrations }
        : { tag: 'empty' },
      to: {
        tag: 'schemaDatamodel',
        files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }],
      },
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
    const lock = join(dir, 'migration_lock.toml');
    if (!existsSync(lock)) writeFileSync(lock, 'provider = "postgresql"\n');
    return folder;
  });
}
