import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ApiConfig } from '../../apps/api/src/config';
import { DeduplicatorConfig } from '../../apps/deduplicator/src/config';
import { EntityLinkerConfig } from '../../apps/entity-linker/src/config';
import { IngesterConfig } from '../../apps/ingester/src/config';
import { ProjectorConfig } from '../../apps/projector/src/config';

// No Docker engine runs here, so the compose file is checked against the code:
// every service, entry point, variable and port the services need is declared.

const root = join(__dirname, '../..');
interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

const apps: Record<string, { schema: z.ZodObject; portVariable: string }> = {
  ingester: { schema: IngesterConfig, portVariable: 'INGESTER_PORT' },
  deduplicator: { schema: DeduplicatorConfig, portVariable: 'DEDUPLICATOR_PORT' },
  'entity-linker': { schema: EntityLinkerConfig, portVariable: 'ENTITY_LINKER_PORT' },
  projector: { schema: ProjectorConfig, portVariable: 'PROJECTOR_PORT' },
  api: { schema: ApiConfig, portVariable: 'API_PORT' },
};

describe('docker-compose.yml', () => {
  it('declares the infrastructure, the one-shot jobs and the five services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'api',
        'deduplicator',
        'entity-linker',
        'ingester',
        'kafka',
        'migrate',
        'postgres',
        'projector',
        'seed',
        'topics',
      ].sort(),
    );
  });

  it('runs the same Kafka version as the local launcher', () => {
    const pom = readFileSync(join(root, 'tools/kafka/pom.xml'), 'utf8');
    const version = /<kafka.version>([^<]+)<\/kafka.version>/.exec(pom)?.[1];
    expect(compose.services.kafka!.image).toBe(`apache/kafka:${version}`);
  });

  it.each(Object.entries(apps))(
    'gives %s its entry point, variables, port and health check',
    (name, app) => {
      const service = compose.services[name]!;
      const [, entry] = service.command!;
      expect(
        existsSync(join(root, entry!.replace('/dist/', '/src/').replace(/\.js$/, '.ts'))),
      ).toBe(true);

      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]),
      );
      const known = new Set([...Object.keys(app.schema.shape), 'HEALTH_PORT']);
      expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
      const required = Object.entries(app.schema.shape)
        .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
        .map(([key]) => key);
      expect(required.filter((k) => !(k in env))).toEqual([]);
      expect(app.schema.safeParse(env).success).toBe(true);

      expect(env[app.portVariable]).toBe(env.HEALTH_PORT);
      expect(service.healthcheck?.test.join(' ')).toContain('/health/ready');
      if ('KAFKA_BROKERS' in app.schema.shape) {
        expect(service.depends_on).toMatchObject({
          kafka: { condition: 'service_healthy' },
          topics: { condition: 'service_completed_successfully' },
        });
      }
      if ('DATABASE_URL' in app.schema.shape) {
        expect(service.depends_on).toMatchObject({
          postgres: { condition: 'service_healthy' },
          migrate: { condition: 'service_completed_successfully' },
        });
      }
    },
  );

  it('publishes GraphQL and seeds the sample feed after the services are healthy', () => {
    const api = compose.services.api!;
    expect(api.ports).toContain(`${api.environment!.API_PORT}:${api.environment!.API_PORT}`);
    expect(api.environment!.API_HOST).toBe('0.0.0.0');
    const seed = compose.services.seed!;
    expect(seed.command).toEqual([
      'node',
      'apps/ingester/dist/cli.js',
      'import',
      'data/sample-feed',
    ]);
    expect(existsSync(join(root, 'data/sample-feed'))).toBe(true);
    for (const name of Object.keys(apps)) {
      expect(seed.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    }
  });
});
