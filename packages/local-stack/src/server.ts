import type { StackConfig } from './config';
import type { StackCredentials } from './credentials';

export interface LaunchSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export type InstallOutcome = 'installed' | 'present';

/** One real server of the local stack. */
export interface StackServer {
  readonly name: string;
  /** The ports it listens on, by the variable that configures each. */
  readonly ports: Record<string, number>;
  /**
   * Makes the server's binaries available; idempotent and cached across clones. Resolves
   * 'installed' when it did the work now, 'present' when everything was there already.
   */
  install(): Promise<InstallOutcome>;
  /** Writes config and formats storage when needed; returns how to launch it. */
  prepare(): Promise<LaunchSpec>;
  /** True once the server really answers requests. */
  isReady(): Promise<boolean>;
  /** Work needing a ready server, e.g. creating the bucket. */
  afterReady?(): Promise<void>;
  /** Environment variables that point clients at this server. */
  endpoints(): Record<string, string>;
  /** One human line: where to look. */
  describe(): string;
}

export type ServerFactory = (config: StackConfig, credentials: StackCredentials) => StackServer;
