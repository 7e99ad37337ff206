import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StackConfig } from './config';

export interface StackCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * MinIO's root credentials for this stack folder: random on first start, then kept (mode 0600) so
 * data written earlier stays readable. No default password exists anywhere.
 */
export function stackCredentials(config: StackConfig): StackCredentials {
  const file = join(config.stackDir, 'credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StackCredentials;
  const credentials: StackCredentials = {
    accessKeyId: `tributary-${randomBytes(4).toString('hex')}`,
    secretAccessKey: randomBytes(24).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}
