import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * What a stack folder was last started with (ports and bucket), so later commands without the
 * variables talk to the same servers. Credentials are remembered beside it in credentials.json.
 */
const StackStateSchema = z.object({
  version: z.literal(1),
  ports: z.object({
    kafka: z.number().int(),
    kafkaController: z.number().int(),
    minio: z.number().int(),
    minioConsole: z.number().int(),
    kinesis: z.number().int(),
    kinesisTls: z.number().int(),
    prometheus: z.number().int(),
  }),
  bucket: z.string(),
  savedAt: z.string(),
});

export type StackState = z.infer<typeof StackStateSchema>;

export function stackStateFile(stackDir: string): string {
  return join(stackDir, 'stack.json');
}

/** The remembered state, or undefined when the folder has none (never started, or reset). */
export function readStackState(stackDir: string): StackState | undefined {
  const file = stackStateFile(stackDir);
  if (!existsSync(file)) return undefined;
  const parsed = StackStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${file} is not a stack state file (${parsed.error.issues[0]?.message}); delete it`,
    );
  }
  return parsed.data;
}

export function writeStackState(
  stackDir: string,
  state: Pick<StackState, 'ports' | 'bucket'>,
): void {
  const file = stackStateFile(stackDir);
  mkdirSync(dirname(file), { recursive: true });
  const content: StackState = { version: 1, ...state, savedAt: new Date().toISOString() };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
