import { ConfigError, loadConfig } from '@newsgraph/config';
import { EntityLinkerConfig } from './config';

describe('EntityLinkerConfig', () => {
  it('takes the knowledge base from Postgres when it holds one, else the fixture file (auto)', () => {
    const config = loadConfig(EntityLinkerConfig, {});
    expect(config.KB_SOURCE).toBe('auto');
    expect(config.KB_PATH).toMatch(/fixture-kb\.json$/);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('needs DATABASE_URL for KB_SOURCE=postgres', () => {
    expect(() => loadConfig(EntityLinkerConfig, { KB_SOURCE: 'postgres' })).toThrow(
      /DATABASE_URL: is required when KB_SOURCE=postgres/,
    );
    const config = loadConfig(EntityLinkerConfig, {
      KB_SOURCE: 'postgres',
      DATABASE_URL: 'postgresql://u@h:5432/db',
    });
    expect(config.KB_SOURCE).toBe('postgres');
  });

  it('rejects an unknown source and a URL that is not Postgres', () => {
    let error: unknown;
    try {
      loadConfig(EntityLinkerConfig, { KB_SOURCE: 'redis', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual([
      'KB_SOURCE',
      'DATABASE_URL',
    ]);
  });
});
