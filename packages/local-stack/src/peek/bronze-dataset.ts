import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export interface HourCount {
  dt: string;
  hr: string;
  rows: number;
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;
const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** A view name usable without quotes: `github.events.matched` → `github_events_matched`. */
export function plainViewName(topic: string): string {
  const name = topic.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `t_${name}`;
}

/**
 * DuckDB over the local copy of the bronze Parquet files (`root/<topic>/dt=…/hr=…/*.parquet`), read
 * as Hive-partitioned datasets the way a downstream engine reads the bucket.
 */
export class BronzeDataset {
  private constructor(
    private readonly root: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(root: string): Promise<BronzeDataset> {
    const instance = await DuckDBInstance.create(':memory:');
    return new BronzeDataset(root, instance, await instance.connect());
  }

  private files(topic: string, hour?: { dt: string; hr: string }): string {
    const folder = hour
      ? join(this.root, topic, `dt=${hour.dt}`, `hr=${hour.hr}`)
      : join(this.root, topic);
    return join(folder, hour ? '*.parquet' : '**/*.parquet');
  }

  hasTopic(topic: string): boolean {
    return existsSync(join(this.root, topic));
  }

  async query(sql: string): Promise<QueryResult> {
    const reader = await this.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJson() };
  }

  /** Rows per hour folder, read from the files themselves. */
  async hourCounts(topic: string): Promise<HourCount[]> {
    const result = await this.query(
      `SELECT dt, hr, count(*) AS n FROM read_parquet(${sqlString(this.files(topic))}, hive_partitioning = true, hive_types_autocast = false) GROUP BY dt, hr ORDER BY dt, hr`,
    );
    return result.rows.map(([dt, hr, n]) => ({ dt: String(dt), hr: String(hr), rows: Number(n) }));
  }

  /** The first `limit` rows of one hour of a topic. */
  rows(topic: string, hour: { dt: string; hr: string }, limit: number): Promise<QueryResult> {
    return this.query(
      `SELECT * FROM read_parquet(${sqlString(this.files(topic, hour))}) LIMIT ${limit}`,
    );
  }

  /**
   * Makes each topic a view, under its own name (`"github.events.matched"`, quoted) and a plain one
   * (`github_events_matched`), with the `dt` and `hr` partition columns.
   */
  async createViews(topics: readonly string[]): Promise<void> {
    for (const topic of topics) {
      const source = `SELECT * FROM read_parquet(${sqlString(this.files(topic))}, hive_partitioning = true)`;
      await this.connection.run(`CREATE OR REPLACE VIEW ${quoted(topic)} AS ${source}`);
      if (plainViewName(topic) !== topic) {
        await this.connection.run(
          `CREATE OR REPLACE VIEW ${quoted(plainViewName(topic))} AS ${source}`,
        );
      }
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
