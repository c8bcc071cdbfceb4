import { z } from 'zod';

/** The parts of a Lambda function URL event (payload version 2.0) the approval endpoints read. */
export const FunctionUrlEventSchema = z.object({
  version: z.literal('2.0'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.object({
    http: z.object({ method: z.string() }),
    /** Present with `AWS_IAM` auth: the caller AWS authenticated. */
    authorizer: z
      .object({
        iam: z.object({ userArn: z.string().optional(), accountId: z.string().optional() }).optional(),
      })
      .optional(),
  }),
});

/** A Lambda function URL event (payload version 2.0). */
export type FunctionUrlEvent = z.infer<typeof FunctionUrlEventSchema>;

/** What a function URL handler answers. */
export interface FunctionUrlResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The raw bytes of the request body (function URLs base64-encode bodies that are not text). */
export function rawBody(event: FunctionUrlEvent): Buffer {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

/** A JSON answer. */
export function jsonResponse(statusCode: number, body: unknown): FunctionUrlResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
