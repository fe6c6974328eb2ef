import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkMigrationSql } from './migrate';

describe('checkMigrationSql', () => {
  it('refuses semicolons the offline migrator would split at', () => {
    expect(() => checkMigrationSql('m', 'SELECT 1;\n-- a comment; with a semicolon\n')).toThrow(
      'm/migration.sql line 2',
    );
    expect(() =>
      checkMigrationSql('m', 'CREATE FUNCTION f() AS $$ SELECT 1; SELECT 2 $$;'),
    ).toThrow('$$-quoted');
    expect(() => checkMigrationSql('m', '-- fine\nCREATE TABLE t (a int);\n')).not.toThrow();
  });

  it('accepts every migration of the project', () => {
    const dir = join(__dirname, '../../../prisma/migrations');
    for (const name of readdirSync(dir).filter((n) => !n.endsWith('.toml'))) {
      expect(() =>
        checkMigrationSql(name, readFileSync(join(dir, name, 'migration.sql'), 'utf8')),
      ).not.toThrow();
    }
  });
});
