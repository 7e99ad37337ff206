import type { Logger } from '@tributary/runtime';
import type { BronzeFileEvent } from '@tributary/schemas';
import type { SinkPublisher } from './sink-publisher';
import type { WrittenFile } from './written-file';

/**
 * Tells downstream jobs about committed files on `bronze.files`: a `file` event each, and a `late`
 * event more for a file whose hour was already marked complete.
 */
export class FileAnnouncer {
  constructor(
    private readonly publisher: SinkPublisher,
    private readonly bucket: string,
    private readonly logger: Logger,
  ) {}

  async announce(files: readonly WrittenFile[], late: readonly WrittenFile[] = []): Promise<void> {
    if (files.length === 0) return;
    const event = (kind: 'file' | 'late', file: WrittenFile): BronzeFileEvent => {
      const iso = new Date(file.hourStartMs).toISOString();
      return {
        kind,
        topic: file.topic,
        partition: file.partition,
        first_offset: file.firstOffset.toString(),
        last_offset: file.lastOffset.toString(),
        records: file.records,
        bytes: file.body.length,
        uri: `s3://${this.bucket}/${file.key}`,
        dt: iso.slice(0, 10),
        hr: iso.slice(11, 13),
      };
    };
    const events = [
      ...files.map((file) => event('file', file)),
      ...late.map((file) => event('late', file)),
    ];
    await this.publisher
      .fileEvents(events)
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error, files: files.map((file) => file.key) },
          'publishing bronze.files events failed',
        ),
      );
  }
}
