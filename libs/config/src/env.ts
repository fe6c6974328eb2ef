import { z } from 'zod';

// Environment variables shared by the services; each app composes the pieces it
// needs into its own schema, so every variable is defined (and documented) once.

const hostPort = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;

/** A boolean switch: `true`/`1` or `false`/`0`. */
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

/** A comma-separated list: items trimmed, empty items dropped; unset is empty. */
export const commaList = (fallback = '') =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

export const kafkaEnv = {
  /** Comma-separated bootstrap brokers, e.g. `127.0.0.1:9092`. */
  KAFKA_BROKERS: commaList('127.0.0.1:9092').refine(
    (list) => list.length > 0 && list.every((b) => hostPort.test(b)),
    {
      message: 'must be a comma-separated list of host:port',
    },
  ),
  /** Prepended to every topic name; lets test runs and tenants share one cluster. */
  TOPIC_PREFIX: z
    .string()
    .default('')
    .refine((s) => /^[A-Za-z0-9._-]*$/.test(s), {
      message: 'may contain only letters, digits, ".", "_" and "-"',
    }),
};

export const databaseEnv = {
  DATABASE_URL: z.string({ message: 'is required' }).refine((s) => /^postgres(ql)?:\/\//.test(s), {
    message: 'must be a postgresql:// connection URL',
  }),
};

export const logEnv = {
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
};

/** A TCP port; 0 lets the OS choose (used by tests). */
export const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);

export const positiveInt = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);
