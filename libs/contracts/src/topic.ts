import { z } from 'zod';

/**
 * One Kafka topic: its logical name, schema version, partitioning and the schemas
 * of its key and value. Producers and consumers both go through `encode`/`decode`,
 * so nothing that violates the contract is written or processed silently.
 */
export interface TopicContract<V extends z.ZodType = z.ZodType> {
  /** Logical name without version, e.g. `newsgraph.article.raw`. */
  readonly name: string;
  /** Bumped on incompatible changes; part of the physical topic name. */
  readonly version: number;
  readonly partitions: number;
  /** What the message key means (it decides partitioning and ordering). */
  readonly keyDescription: string;
  readonly key: z.ZodType<string>;
  readonly value: V;
  /** `compact` for topics that hold latest-state per key. */
  readonly cleanupPolicy: 'delete' | 'compact';
}

export type TopicValue<T extends TopicContract> = z.infer<T['value']>;

export function defineTopic<V extends z.ZodType>(
  contract: Omit<TopicContract<V>, 'cleanupPolicy'> & { cleanupPolicy?: 'delete' | 'compact' },
): TopicContract<V> {
  return { cleanupPolicy: 'delete', ...contract };
}

/** Physical topic name: `<prefix><name>.v<version>`. */
export function topicName(contract: TopicContract, prefix = ''): string {
  return `${prefix}${contract.name}.v${contract.version}`;
}

/** A message that does not satisfy its topic's contract. */
export class ContractViolation extends Error {
  constructor(
    readonly topic: string,
    readonly reason: string,
  ) {
    super(`${topic}: ${reason}`);
    this.name = 'ContractViolation';
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(value)'}: ${i.message}`)
    .join('; ');
}

export function encodeValue<T extends TopicContract>(contract: T, value: TopicValue<T>): Buffer {
  const parsed = contract.value.safeParse(value);
  if (!parsed.success) {
    throw new ContractViolation(contract.name, `schema: ${describeIssues(parsed.error)}`);
  }
  return Buffer.from(JSON.stringify(parsed.data), 'utf8');
}

export function encodeKey(contract: TopicContract, key: string): string {
  const parsed = contract.key.safeParse(key);
  if (!parsed.success) {
    throw new ContractViolation(contract.name, `key: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

export function decodeValue<T extends TopicContract>(
  contract: T,
  raw: Buffer | null,
): TopicValue<T> {
  if (raw === null || raw.length === 0) {
    throw new ContractViolation(contract.name, 'empty message value');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new ContractViolation(contract.name, `invalid JSON: ${(e as Error).message}`);
  }
  const parsed = contract.value.safeParse(json);
  if (!parsed.success) {
    throw new ContractViolation(contract.name, `schema: ${describeIssues(parsed.error)}`);
  }
  return parsed.data as TopicValue<T>;
}
