import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from './database-admin';

/**
 * The built migrator in a child process: the schema engine is an ES module with
 * WebAssembly, which jest's module system cannot import.
 */
function migrateDatabase(databaseUrl: string, dir: string): Promise<string[]> {
  const script = `require(${JSON.stringify(join(__dirname, '../dist/migrate.js'))})
    .migrateDatabase(process.argv[1], process.argv[2])
    .then((names) => process.stdout.write(JSON.stringify(names)))
    .catch((error) => { process.stderr.write(String(error && error.message)); process.exit(1) })`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script, databaseUrl, dir], (error, stdout, stderr) =>
      error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout) as string[]),
    );
  });
}

describe('migrateDatabase (real Postgres)', () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_migrate`;
  const databaseUrl = url.toString();
  let dir: string;

  const write = (name: string, sql: string) => {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  };
  const query = async <T>(sql: string): Promise<T[]> => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await dropDatabase(databaseUrl);
    await ensureDatabase(databaseUrl);
    dir = mkdtempSync(join(tmpdir(), 'newsgraph-migrations-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(databaseUrl);
  });

  it('applies a function body with semicolons whole, and a failed migration leaves nothing', async () => {
    write(
      '20260101000000_function',
      `-- A comment; with a semicolon.
CREATE TABLE t (n int);
CREATE FUNCTION add_two(p int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v int := p;
BEGIN
  v := v + 1;
  RETURN v + 1;
END $$;
`,
    );
    expect(await migrateDatabase(databaseUrl, dir)).toEqual(['20260101000000_function']);
    expect(await query<{ n: number }>('SELECT add_two(40) AS n')).toEqual([{ n: 42 }]);

    write(
      '20260102000000_broken',
      'CREATE TABLE u (n int);\nINSERT INTO t VALUES (1);\nSELECT 1/0;\n',
    );
    await expect(migrateDatabase(databaseUrl, dir)).rejects.toThrow(/division by zero/);
    // One implicit transaction: the statements before the failing one are gone too.
    expect(await query("SELECT 1 FROM pg_class WHERE relname = 'u'")).toEqual([]);
    expect(await query('SELECT n FROM t')).toEqual([]);
  });
});
