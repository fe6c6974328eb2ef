import { ConfigError, loadConfig } from '@newsgraph/config';
import { IngesterConfig } from './config';

const env = { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db' };

describe('IngesterConfig: item pages', () => {
  it('fetches item pages by default, within limits', () => {
    expect(loadConfig(IngesterConfig, env)).toMatchObject({
      FEEDS_FETCH_PAGES: true,
      FEEDS_PAGE_CONCURRENCY: 8,
      FEEDS_PAGE_PER_HOST_CONCURRENCY: 2,
      FEEDS_PAGE_TIMEOUT_SECONDS: 15,
      FEEDS_PAGE_MAX_BYTES: 5 * 1024 * 1024,
    });
    expect(loadConfig(IngesterConfig, { ...env, FEEDS_FETCH_PAGES: 'false' })).toMatchObject({
      FEEDS_FETCH_PAGES: false,
    });
  });

  it('refuses to start with unusable values, naming each', () => {
    const bad = {
      ...env,
      FEEDS_FETCH_PAGES: 'yes',
      FEEDS_PAGE_CONCURRENCY: '0',
      FEEDS_PAGE_TIMEOUT_SECONDS: 'soon',
    };
    expect(() => loadConfig(IngesterConfig, bad)).toThrow(ConfigError);
    try {
      loadConfig(IngesterConfig, bad);
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const key of [
        'FEEDS_FETCH_PAGES',
        'FEEDS_PAGE_CONCURRENCY',
        'FEEDS_PAGE_TIMEOUT_SECONDS',
      ])
        expect(problems).toContain(key);
    }
  });
});
