import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runApp, type AppBaseConfig, type AppDefinition, type RunOptions } from './run-app';

/** Exit status for a malformed command line (sysexits' EX_USAGE). */
export const EXIT_USAGE = 64;

/** A malformed command line: `runCommandLine` prints it with the usage and exits 64. */
export class UsageError extends Error {}

/** Node's `parseArgs` (positionals allowed), its errors thrown as `UsageError`. */
export function parseCommandLine<const Options extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: Options,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export interface CommandLineApp<
  Config extends AppBaseConfig,
  Command extends { name: string },
> extends Omit<AppDefinition<Config>, 'rootModule'> {
  usage: string;
  /** Throws `UsageError`; `{ name: 'help' }` prints the usage and exits 0. */
  parse: (args: string[]) => Command | { name: 'help' };
  rootModule: (config: Config, command: Command) => ReturnType<AppDefinition<Config>['rootModule']>;
  /** The one-off work of a command that is not the long-running service. */
  oneOff?: (command: Command) => RunOptions['command'];
}

/** Parses the command line, then runs the app it names (`runApp`). */
export function runCommandLine<Config extends AppBaseConfig, Command extends { name: string }>(
  definition: CommandLineApp<Config, Command>,
  args: string[] = process.argv.slice(2),
): void {
  let command: Command | { name: 'help' };
  try {
    command = definition.parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${definition.usage}\n`);
    process.exit(EXIT_USAGE);
  }
  if (isHelp(command)) {
    process.stdout.write(`${definition.usage}\n`);
    return;
  }
  const oneOff = definition.oneOff?.(command);
  const app: AppDefinition<Config> = {
    name: definition.name,
    loadConfig: definition.loadConfig,
    rootModule: (config) => definition.rootModule(config, command),
    ...(definition.shutdownTimeoutMs ? { shutdownTimeoutMs: definition.shutdownTimeoutMs } : {}),
  };
  void runApp(app, oneOff ? { command: oneOff } : {});
}

function isHelp<Command extends { name: string }>(
  command: Command | { name: 'help' },
): command is { name: 'help' } {
  return command.name === 'help';
}
