import { z } from 'zod';

/**
 * What a consumer could not process. The original bytes are kept (base64) with the
 * reason, so the message can be inspected and replayed; nothing is lost.
 */
export const DeadLetterV1 = z.object({
  schemaVersion: z.literal(1),
  sourceTopic: z.string(),
  partition: z.number().int().min(0),
  offset: z.string(),
  consumerGroup: z.string(),
  key: z.string().nullable(),
  valueBase64: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  reason: z.enum(['contract-violation', 'processing-failed']),
  error: z.object({ name: z.string(), message: z.string() }),
  attempts: z.number().int().min(0),
  failedAt: z.iso.datetime({ offset: true }),
});
export type DeadLetter = z.infer<typeof DeadLetterV1>;
