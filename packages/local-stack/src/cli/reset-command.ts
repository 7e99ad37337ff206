import { parseArgs } from 'node:util';
import type { StackConfig } from '../config';
import { activeRun } from '../run/run-lock';
import { stackClients } from '../stack-clients';
import { StackError } from '../stack-error';
import { diskUsage, humanBytes } from '../reset/disk-usage';
import { fullReset, fullResetPaths } from '../reset/full-reset';
import { applyScratchReset, planIsEmpty, planScratchReset } from '../reset/scratch-reset';
import { confirm } from './confirm';

export const RESET_USAGE = `usage: tributary stack reset [--all] [--yes]
  (default)  removes what tests and one-off runs left in the running stack: topics, consumer groups,
             buckets and Kinesis streams named like it-1a2b3c4d… (the pipeline's own data stays)
  --all      stops the stack, deletes all its data (every topic, bucket, stream, metric), app logs,
             peek's copies and backfill checkpoints, and starts it again if it was running
  --yes      do not ask (needed when standard input is not a terminal)`;

const list = (label: string, names: readonly string[]) =>
  names.length === 0
    ? []
    : [
        `  ${names.length} ${label}: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`,
      ];

export async function resetCommand(
  config: StackConfig,
  args: string[],
  print: (line: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      all: { type: 'boolean', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
    },
  });
  const run = activeRun(config);
  if (run) {
    throw new StackError(
      'RUN_ACTIVE',
      `a ./tributary run (pid ${run.pid}) is using this stack; stop it first (Ctrl-C in its terminal)`,
    );
  }
  if (values.all) {
    const paths = fullResetPaths(config);
    const bytes = paths.reduce((sum, path) => sum + diskUsage(path), 0);
    print(`This stops the local stack in ${config.stackDir} and deletes ${humanBytes(bytes)}:`);
    for (const path of paths) print(`  ${path} (${humanBytes(diskUsage(path))})`);
    print('Kept: the remembered ports and bucket (stack.json) and the MinIO credentials.');
    await confirm(
      'Every topic, bucket, stream and metric of this stack will be gone.',
      'reset',
      values.yes,
    );
    const freed = await fullReset(config, print);
    print(`reset done: ${humanBytes(freed)} freed`);
    return 0;
  }
  const clients = stackClients(config);
  try {
    const plan = await planScratchReset(clients);
    if (planIsEmpty(plan)) {
      print('nothing made by tests to remove (./tributary stack reset --all deletes all data)');
      return 0;
    }
    print(
      `This removes from the running stack (the pipeline's own topics and bucket ${clients.bucket} stay):`,
    );
    for (const line of [
      ...list('topics', plan.topics),
      ...list('consumer groups', plan.groups),
      ...list('buckets (with their objects)', plan.buckets),
      ...list('Kinesis streams', plan.streams),
    ]) {
      print(line);
    }
    await confirm('', 'reset', values.yes);
    const problems = await applyScratchReset(config, clients, plan);
    for (const problem of problems) print(`  not removed: ${problem}`);
    print(
      `removed ${plan.topics.length} topics, ${plan.groups.length - problems.filter((p) => p.startsWith('group')).length} groups, ${plan.buckets.length - problems.filter((p) => p.startsWith('bucket')).length} buckets, ${plan.streams.length - problems.filter((p) => p.startsWith('stream')).length} streams (Kafka frees the disk of deleted topics within a minute)`,
    );
    return problems.length === 0 ? 0 : 1;
  } finally {
    clients.s3.destroy();
  }
}
