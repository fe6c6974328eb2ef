import { z } from 'zod';
import { commaList, ConfigError, databaseEnv, flag, kafkaEnv, loadConfig } from './index';

const schema = z.object({ ...kafkaEnv, ...databaseEnv });

describe('loadConfig', () => {
  it('parses and transforms valid values', () => {
    const config = loadConfig(schema, {
      KAFKA_BROKERS: '127.0.0.1:9092, kafka:29092',
      DATABASE_URL: 'postgresql://u@h:5432/db',
    });
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', 'kafka:29092']);
    expect(config.TOPIC_PREFIX).toBe('');
  });

  it('reports every bad variable with its value', () => {
    let error: unknown;
    try {
      loadConfig(schema, { KAFKA_BROKERS: 'nonsense', TOPIC_PREFIX: 'a b' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain(
      'KAFKA_BROKERS: must be a comma-separated list of host:port (got "nonsense")',
    );
    expect(message).toContain('TOPIC_PREFIX');
    expect(message).toContain('DATABASE_URL: is required (it is not set)');
  });
});

describe('shared pieces', () => {
  it('parses comma lists and switches', () => {
    const schema = z.object({ KEYS: commaList(), ON: flag(true), OFF: flag(false) });
    expect(loadConfig(schema, { KEYS: ' a, ,b ' })).toEqual({
      KEYS: ['a', 'b'],
      ON: true,
      OFF: false,
    });
    expect(loadConfig(schema, { ON: '0', OFF: '1' })).toMatchObject({
      KEYS: [],
      ON: false,
      OFF: true,
    });
    expect(() => loadConfig(schema, { ON: 'yes' })).toThrow(/ON: /);
  });
});
