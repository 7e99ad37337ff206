import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { StackConfig } from '../config';
import { listObjects } from '../bronze-query';
import { StackError } from '../stack-error';
import { stackClients, withKafkaAdmin, type StackClients } from '../stack-clients';
import { BronzeDataset, plainViewName } from './bronze-dataset';
import { bronzeTopics, mirrorTopic, type BronzeObject } from './bronze-mirror';
import { kafkaOverview, type TopicOverview } from './kafka-overview';
import { isScratchName } from './scratch-names';
import { cellText, count, formatTable } from './table';

export const PEEK_USAGE = `usage: tributary peek [topic] [options]
  peek                          Kafka topics (records, consumer-group lag) and bronze hours per topic
  peek <topic>                  one topic: partitions, groups and lag; its bronze hours (files, rows, _SUCCESS)
  peek <topic> --hour 2025-01-15T03 [--rows 5]
                                the first rows of that bronze hour
  peek --sql "SELECT count(*) FROM github_events_matched"
                                SQL over the bronze dataset (DuckDB); each topic is a view named like the
                                topic ("github.events.matched", quoted) or with _ for . (github_events_matched),
                                with its dt and hr partition columns
options: --all (also topics, groups and bronze folders made by tests), --bucket <name> (default: the stack's)`;

type Print = (line: string) => void;

interface PeekOptions {
  topic?: string;
  hour?: { dt: string; hr: string };
  rows: number;
  sql?: string;
  all: boolean;
  bucket?: string;
}

export function parsePeekArgs(args: string[]): PeekOptions | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      hour: { type: 'string' },
      rows: { type: 'string', default: '5' },
      sql: { type: 'string' },
      all: { type: 'boolean', default: false },
      bucket: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 1)
    throw new StackError('BAD_ARGUMENT', `one topic at most, got ${positionals.join(' ')}`);
  let hour: PeekOptions['hour'];
  if (values.hour !== undefined) {
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2})$/.exec(values.hour);
    if (!match?.[1] || !match[2])
      throw new StackError(
        'BAD_ARGUMENT',
        `--hour must look like 2025-01-15T03, got "${values.hour}"`,
      );
    hour = { dt: match[1], hr: match[2] };
    if (!positionals[0])
      throw new StackError('BAD_ARGUMENT', '--hour needs a topic: peek <topic> --hour …');
  }
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1)
    throw new StackError('BAD_ARGUMENT', `--rows must be a positive number, got "${values.rows}"`);
  return {
    ...(positionals[0] ? { topic: positionals[0] } : {}),
    ...(hour ? { hour } : {}),
    rows,
    ...(values.sql ? { sql: values.sql } : {}),
    all: values.all,
    ...(values.bucket ? { bucket: values.bucket } : {}),
  };
}

function groupsText(topic: TopicOverview, all: boolean): string {
  const groups = topic.groups.filter((group) => all || !isScratchName(group.groupId));
  return groups.length === 0
    ? '-'
    : groups.map((group) => `${group.groupId} (lag ${count(group.lag)})`).join(', ');
}

interface HourRow {
  dt: string;
  hr: string;
  files: number;
  bytes: number;
  success: boolean;
  rows: number;
}

/** Files, bytes and `_SUCCESS` per hour folder from the listing; rows from the files (DuckDB). */
async function bronzeHours(
  dataset: BronzeDataset,
  topic: string,
  objects: readonly BronzeObject[],
): Promise<HourRow[]> {
  const hours = new Map<string, HourRow>();
  for (const object of objects) {
    const match = new RegExp(
      `^${topic.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/dt=([^/]+)/hr=([^/]+)/(.+)$`,
    ).exec(object.key);
    if (!match?.[1] || !match[2] || !match[3]) continue;
    const key = `${match[1]} ${match[2]}`;
    const hour = hours.get(key) ?? {
      dt: match[1],
      hr: match[2],
      files: 0,
      bytes: 0,
      success: false,
      rows: 0,
    };
    if (match[3] === '_SUCCESS') hour.success = true;
    else if (match[3].endsWith('.parquet')) {
      hour.files += 1;
      hour.bytes += object.size;
    }
    hours.set(key, hour);
  }
  if ([...hours.values()].some((hour) => hour.files > 0)) {
    for (const counted of await dataset.hourCounts(topic)) {
      const hour = hours.get(`${counted.dt} ${counted.hr}`);
      if (hour) hour.rows = counted.rows;
    }
  }
  return [...hours.values()].sort((a, b) => `${a.dt}${a.hr}`.localeCompare(`${b.dt}${b.hr}`));
}

const plural = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;

/** `./tributary peek`: see PEEK_USAGE. Reads only; the local copy of the files lives in the stack folder. */
export async function peek(config: StackConfig, options: PeekOptions, print: Print): Promise<void> {
  const clients = stackClients(config);
  const bucket = options.bucket ?? clients.bucket;
  const mirrorRoot = join(config.stackDir, 'peek', bucket);
  const dataset = await BronzeDataset.open(mirrorRoot);
  try {
    if (options.sql) return await peekSql(clients, bucket, mirrorRoot, dataset, options.sql, print);
    if (options.topic && options.hour) {
      return await peekRows(
        clients,
        bucket,
        mirrorRoot,
        dataset,
        options.topic,
        options.hour,
        options.rows,
        print,
      );
    }
    await peekKafka(clients, options, print);
    print('');
    await peekBronze(clients, bucket, mirrorRoot, dataset, options, print);
  } finally {
    dataset.close();
    clients.s3.destroy();
  }
}

async function peekKafka(clients: StackClients, options: PeekOptions, print: Print): Promise<void> {
  const topics = await withKafkaAdmin(clients, (admin) =>
    kafkaOverview(admin, options.topic ? [options.topic] : undefined),
  );
  if (options.topic) {
    const topic = topics[0];
    if (!topic) {
      print(`Kafka ${clients.brokers}: no topic ${options.topic}`);
      return;
    }
    print(
      `Kafka ${clients.brokers}: ${topic.topic}, ${topic.partitions} partitions, ${count(topic.records)} records`,
    );
    const groups = topic.groups.filter((group) => options.all || !isScratchName(group.groupId));
    print(
      groups.length === 0
        ? '  no consumer group has committed offsets on it'
        : formatTable(
            ['consumer group', 'lag', 'partitions committed'],
            groups.map((group) => [
              group.groupId,
              count(group.lag),
              `${group.committedPartitions} of ${topic.partitions}`,
            ]),
          )
            .map((line) => `  ${line}`)
            .join('\n'),
    );
    return;
  }
  const shown = topics.filter((topic) => options.all || !isScratchName(topic.topic));
  const hidden = topics.length - shown.length;
  print(
    `Kafka ${clients.brokers}: ${shown.length} topics${hidden > 0 ? ` (${hidden} made by tests hidden: --all shows them, ./tributary stack reset removes them)` : ''}`,
  );
  if (shown.length === 0) return;
  for (const line of formatTable(
    ['topic', 'partitions', 'records', 'consumer groups (lag)'],
    shown.map((topic) => [
      topic.topic,
      String(topic.partitions),
      count(topic.records),
      groupsText(topic, options.all),
    ]),
  )) {
    print(`  ${line}`);
  }
}

async function peekBronze(
  clients: StackClients,
  bucket: string,
  mirrorRoot: string,
  dataset: BronzeDataset,
  options: PeekOptions,
  print: Print,
): Promise<void> {
  const listing = await listObjects(clients.s3, bucket, options.topic ? `${options.topic}/` : '');
  const topics = bronzeTopics(listing).filter((topic) =>
    options.topic ? topic === options.topic : options.all || !isScratchName(topic),
  );
  let downloaded = 0;
  for (const topic of topics)
    downloaded += (await mirrorTopic(clients.s3, bucket, topic, mirrorRoot, listing)).downloaded;
  print(
    `Bronze s3://${bucket} at ${clients.s3Endpoint}${topics.length === 0 ? ': nothing landed yet' : ''} (read from a local copy in ${mirrorRoot}; ${downloaded} new files copied)`,
  );
  if (options.topic) {
    const hours = await bronzeHours(dataset, options.topic, listing);
    if (hours.length === 0) return;
    for (const line of formatTable(
      ['dt', 'hr', 'files', 'rows', 'size', '_SUCCESS'],
      hours.map((hour) => [
        hour.dt,
        hour.hr,
        String(hour.files),
        count(hour.rows),
        mib(hour.bytes),
        hour.success ? 'yes' : 'not yet',
      ]),
    )) {
      print(`  ${line}`);
    }
    const total = hours.reduce((sum, hour) => sum + hour.rows, 0);
    const files = hours.reduce((sum, hour) => sum + hour.files, 0);
    print(`  ${plural(hours.length, 'hour')}, ${plural(files, 'file')}, ${plural(total, 'row')}`);
    print(
      `  rows of one hour: ./tributary peek ${options.topic} --hour ${hours.at(-1)?.dt}T${hours.at(-1)?.hr}`,
    );
    return;
  }
  const rows: string[][] = [];
  for (const topic of topics) {
    const hours = await bronzeHours(dataset, topic, listing);
    const last = hours.at(-1);
    rows.push([
      topic,
      String(hours.length),
      count(hours.reduce((sum, hour) => sum + hour.files, 0)),
      count(hours.reduce((sum, hour) => sum + hour.rows, 0)),
      `${hours.filter((hour) => hour.success).length} of ${hours.length}`,
      last ? `${last.dt}T${last.hr}` : '-',
    ]);
  }
  if (rows.length === 0) return;
  for (const line of formatTable(
    ['topic', 'hours', 'files', 'rows', 'complete (_SUCCESS)', 'latest hour'],
    rows,
  )) {
    print(`  ${line}`);
  }
  print('  per hour: ./tributary peek <topic>; SQL: ./tributary peek --sql "SELECT …"');
}

async function peekRows(
  clients: StackClients,
  bucket: string,
  mirrorRoot: string,
  dataset: BronzeDataset,
  topic: string,
  hour: { dt: string; hr: string },
  limit: number,
  print: Print,
): Promise<void> {
  const prefix = `${topic}/dt=${hour.dt}/hr=${hour.hr}/`;
  const listing = await listObjects(clients.s3, bucket, prefix);
  if (!listing.some((object) => object.key.endsWith('.parquet'))) {
    print(`no bronze files under s3://${bucket}/${prefix}`);
    return;
  }
  await mirrorTopic(clients.s3, bucket, topic, mirrorRoot);
  const result = await dataset.rows(topic, hour, limit);
  print(`s3://${bucket}/${prefix}: the first ${result.rows.length} rows`);
  result.rows.forEach((row, index) => {
    print(`-- row ${index + 1}`);
    const width = Math.max(...result.columns.map((column) => column.length));
    result.columns.forEach((column, at) =>
      print(`  ${column.padEnd(width)}  ${cellText(row[at], 100)}`),
    );
  });
}

async function peekSql(
  clients: StackClients,
  bucket: string,
  mirrorRoot: string,
  dataset: BronzeDataset,
  sql: string,
  print: Print,
): Promise<void> {
  const listing = await listObjects(clients.s3, bucket);
  const topics = bronzeTopics(listing);
  // Copy only the topics the query names (by either view name); all of them if it names none.
  const named = topics.filter((topic) => sql.includes(topic) || sql.includes(plainViewName(topic)));
  const wanted = named.length > 0 ? named : topics;
  for (const topic of wanted) await mirrorTopic(clients.s3, bucket, topic, mirrorRoot, listing);
  await dataset.createViews(wanted.filter((topic) => dataset.hasTopic(topic)));
  const result = await dataset.query(sql);
  for (const line of formatTable(result.columns, result.rows)) print(line);
  print(`(${count(result.rows.length)} rows)`);
}
