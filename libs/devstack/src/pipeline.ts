import { appendFileSync } from 'node:fs';
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths';
import {
  PORT_VARIABLE,
  SERVICES,
  startService,
  type RunningService,
  type ServiceName,
} from './service-process';
import { freePort } from './test-utils';

const run = promisify(execFile);

export interface TestPipeline {
  env: NodeJS.ProcessEnv;
  graphqlUrl: string;
  services: RunningService[];
  /** Publishes a folder through the ingester CLI; resolves with its output. */
  importFolder(folder: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The five services as real processes on free ports, over the test run's Kafka,
 * with a database and topic namespace of their own (so test files never see each
 * other's data). `name` names both; `env` adds service settings.
 */
export async function startPipeline(
  name: string,
  env: NodeJS.ProcessEnv = {},
): Promise<TestPipeline> {
  const base = new URL(process.env.DATABASE_URL!);
  base.pathname = `${base.pathname}_${name}`;
  const pipelineEnv: NodeJS.ProcessEnv = {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: `${process.env.TOPIC_PREFIX ?? ''}${name}.`,
    DATABASE_URL: base.toString(),
    LOG_LEVEL: 'warn',
    ...env,
  };
  const stack = join(repoRoot(), 'tools/stack/dist/main.js');
  for (const command of ['migrate', 'topics']) {
    execFileSync(process.execPath, [stack, command], {
      env: { ...process.env, ...pipelineEnv, NODE_NO_WARNINGS: '1' },
      stdio: 'ignore',
    });
  }
  for (const service of SERVICES) pipelineEnv[PORT_VARIABLE[service]] = String(await freePort());
  const services: RunningService[] = [];
  const output: string[] = [];
  try {
    for (const service of SERVICES) {
      services.push(
        await startService(service as ServiceName, pipelineEnv, {
          output: (line) => {
            output.push(`[${service}] ${line}`);
            if (output.length > 1000) output.splice(0, 500);
            // PIPELINE_LOG=<file> keeps every service's output, for a run to be looked into.
            if (process.env.PIPELINE_LOG)
              appendFileSync(process.env.PIPELINE_LOG, `[${service}] ${line}\n`);
          },
        }),
      );
    }
  } catch (error) {
    await Promise.all(services.map((s) => s.stop()));
    throw new Error(`${(error as Error).message}\n${output.slice(-30).join('\n')}`);
  }
  return {
    env: pipelineEnv,
    graphqlUrl: `http://127.0.0.1:${pipelineEnv.API_PORT}/graphql`,
    services,
    async importFolder(folder: string) {
      const { stdout } = await run(
        process.execPath,
        [join(repoRoot(), 'apps/ingester/dist/cli.js'), 'import', folder],
        {
          env: { ...process.env, ...pipelineEnv },
        },
      );
      return stdout;
    },
    async stop() {
      await Promise.all(services.map((s) => s.stop()));
    },
  };
}

/** A GraphQL response as tests read it: its shape is the query's, so `data` is loose. */
export interface GraphqlResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  errors?: any[];
  extensions?: Record<string, unknown>;
}

/** POSTs a GraphQL request; returns the parsed body and the HTTP status. */
export async function graphqlRequest(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphqlResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}
