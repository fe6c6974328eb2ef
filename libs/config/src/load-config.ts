import { z } from 'zod';

/** Thrown at start-up when the environment does not satisfy a service's schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates `env` against `schema` and returns the typed result. Every problem is
 * reported at once, naming the variable and the offending value, so a bad deploy
 * fails fast with a message an operator can act on.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    const raw = key ? env[key] : undefined;
    const got = raw === undefined ? 'it is not set' : `got ${JSON.stringify(raw)}`;
    return `${key || '(root)'}: ${issue.message} (${got})`;
  });
  throw new ConfigError(problems);
}
