import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { CheckpointStore, FencedError } from '../src/exactly-once/checkpoint-store';
import { PartitionLease } from '../src/exactly-once/partition-lease';
import { createBucket, listKeys, s3 } from './helpers';

const bucket = `it-${randomUUID().slice(0, 8)}-lease`;
const store = new CheckpointStore(s3, bucket, '_tributary/checkpoints');

/** A store that runs `hook` once, right after its next checkpoint read returns. */
class InterleavingStore extends CheckpointStore {
  hook: (() => Promise<void>) | undefined;

  override async read(
    ...args: Parameters<CheckpointStore['read']>
  ): ReturnType<CheckpointStore['read']> {
    const result = await super.read(...args);
    const hook = this.hook;
    this.hook = undefined;
    await hook?.();
    return result;
  }
}

async function put(key: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'parquet' }));
}

describe('PartitionLease on real MinIO conditional writes', () => {
  beforeAll(() => createBucket(bucket));

  it('starts a new partition at the initial offset and advances only through commits', async () => {
    const lease = await PartitionLease.claim(store, 't', 0, 'a', () => Promise.resolve('17'));
    expect(lease.nextOffset).toBe(17n);
    expect(lease.epoch).toBe(1);
    await lease.beginFlush(['t/dt=2026-11-23/hr=04/f1.parquet']);
    await put('t/dt=2026-11-23/hr=04/f1.parquet');
    await lease.commitFlush(30n, ['t/dt=2026-11-23/hr=04/f1.parquet']);
    const again = await PartitionLease.claim(store, 't', 0, 'b', () =>
      Promise.reject(new Error('not asked')),
    );
    expect(again.nextOffset).toBe(30n);
    expect(again.epoch).toBe(2);
    expect(await listKeys(bucket, 't/')).toEqual(['t/dt=2026-11-23/hr=04/f1.parquet']);
  });

  it('fences a zombie: after a takeover its flush can neither begin nor commit', async () => {
    const zombie = await PartitionLease.claim(store, 't', 1, 'zombie', () => Promise.resolve('0'));
    await zombie.beginFlush(['t/dt=2026-11-23/hr=05/zombie.parquet']);
    const owner = await PartitionLease.claim(store, 't', 1, 'owner', () => Promise.resolve('0'));
    await put('t/dt=2026-11-23/hr=05/zombie.parquet'); // the zombie's upload lands after the takeover
    await expect(
      zombie.commitFlush(100n, ['t/dt=2026-11-23/hr=05/zombie.parquet']),
    ).rejects.toBeInstanceOf(FencedError);
    await expect(zombie.beginFlush(['x'])).rejects.toBeInstanceOf(FencedError);

    // The new owner's next commit deletes the straggler it inherited in quarantine, but not its own file.
    await owner.beginFlush(['t/dt=2026-11-23/hr=05/owner.parquet']);
    await put('t/dt=2026-11-23/hr=05/owner.parquet');
    await owner.commitFlush(50n, ['t/dt=2026-11-23/hr=05/owner.parquet']);
    expect(await listKeys(bucket, 't/dt=2026-11-23/hr=05/')).toEqual([
      't/dt=2026-11-23/hr=05/owner.parquet',
    ]);
    expect((await store.read('t', 1))?.checkpoint).toMatchObject({
      owner: 'owner',
      nextOffset: '50',
      epoch: 2,
    });
  });

  it('deletes the files of a flush that crashed before committing', async () => {
    const crashed = await PartitionLease.claim(store, 't', 2, 'a', () => Promise.resolve('0'));
    await crashed.beginFlush(['t/dt=2026-11-23/hr=06/half.parquet']);
    await put('t/dt=2026-11-23/hr=06/half.parquet');
    const next = await PartitionLease.claim(store, 't', 2, 'b', () => Promise.resolve('0'));
    expect(next.nextOffset).toBe(0n);
    expect(await listKeys(bucket, 't/dt=2026-11-23/hr=06/')).toEqual([]);
  });

  it('lets exactly one of two simultaneous claimers own the partition', async () => {
    await PartitionLease.claim(store, 't', 3, 'first', () => Promise.resolve('5'));
    const [a, b] = await Promise.all([
      PartitionLease.claim(store, 't', 3, 'a', () => Promise.resolve('5')),
      PartitionLease.claim(store, 't', 3, 'b', () => Promise.resolve('5')),
    ]);
    const results = await Promise.allSettled([a.beginFlush(['p']), b.beginFlush(['q'])]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter(
        (result) => result.status === 'rejected' && result.reason instanceof FencedError,
      ),
    ).toHaveLength(1);
  });

  it('never lets a later claim delete a file whose name left quarantine by being committed', async () => {
    const key = 't/dt=2026-11-23/hr=07/same-range.parquet';
    const crashed = await PartitionLease.claim(store, 't', 4, 'a', () => Promise.resolve('0'));
    await crashed.beginFlush([key]);
    await put(key);
    // b takes over: a's announced file is deleted and quarantined; b writes the same name and commits it.
    const b = await PartitionLease.claim(store, 't', 4, 'b', () => Promise.resolve('0'));
    expect(await listKeys(bucket, 't/dt=2026-11-23/hr=07/')).toEqual([]);
    await b.beginFlush([key]);
    await put(key);
    await b.commitFlush(10n, [key]);
    expect((await store.read('t', 4))?.checkpoint.quarantine).toEqual([]);
    // b dies; c's claim must keep b's committed file.
    await PartitionLease.claim(store, 't', 4, 'c', () => Promise.resolve('0'));
    expect(await listKeys(bucket, 't/dt=2026-11-23/hr=07/')).toEqual([key]);
  });

  it('deletes the files of its own failed flush at the next commit, and keeps them announced until then', async () => {
    const lease = await PartitionLease.claim(store, 't', 5, 'a', () => Promise.resolve('0'));
    const failed = 't/dt=2026-11-23/hr=08/failed-0-99.parquet';
    const retried = 't/dt=2026-11-23/hr=08/retried-0-149.parquet';
    await lease.beginFlush([failed]);
    await put(failed); // ...then the commit never happened (say the upload of a second file timed out)
    await lease.beginFlush([retried]);
    expect((await store.read('t', 5))?.checkpoint.pending.sort()).toEqual([failed, retried].sort());
    await put(retried);
    await lease.commitFlush(150n, [retried]);
    expect(await listKeys(bucket, 't/dt=2026-11-23/hr=08/')).toEqual([retried]);
  });

  it("a claimer that loses the race to the owner's commit deletes nothing", async () => {
    const key = 't/dt=2026-11-23/hr=09/owner-0-99.parquet';
    const owner = await PartitionLease.claim(store, 't', 6, 'owner', () => Promise.resolve('0'));
    await owner.beginFlush([key]);
    await put(key);
    // The claimer reads the checkpoint with the file still pending; the owner commits before the
    // claimer writes. The claimer must retry and start after the committed file, which must stay.
    const racing = new InterleavingStore(s3, bucket, '_tributary/checkpoints');
    racing.hook = () => owner.commitFlush(100n, [key]);
    const claimer = await PartitionLease.claim(racing, 't', 6, 'claimer', () =>
      Promise.reject(new Error('not asked')),
    );
    expect(claimer.nextOffset).toBe(100n);
    expect(await listKeys(bucket, 't/dt=2026-11-23/hr=09/')).toEqual([key]);
  });

  it("a fenced writer deletes nothing, not even its own failed flush's files", async () => {
    const key = 't/dt=2026-11-23/hr=10/range-0-49.parquet';
    const zombie = await PartitionLease.claim(store, 't', 7, 'zombie', () => Promise.resolve('0'));
    await zombie.beginFlush([key]);
    await put(key); // the zombie's flush fails here, before its commit
    const owner = await PartitionLease.claim(store, 't', 7, 'owner', () => Promise.resolve('0'));
    await owner.beginFlush([key]); // the owner cuts the very same range and commits it
    await put(key);
    await owner.commitFlush(50n, [key]);
    // The zombie's next commit names `key` a stray of its own; fenced, it must leave it alone.
    await expect(
      zombie.commitFlush(80n, ['t/dt=2026-11-23/hr=10/range-50-79.parquet']),
    ).rejects.toBeInstanceOf(FencedError);
    expect(await listKeys(bucket, 't/dt=2026-11-23/hr=10/')).toEqual([key]);
  });

  it('keeps a stray of its own quarantined, so a late upload of it is deleted by later commits', async () => {
    const failed = 't/dt=2026-11-23/hr=11/failed-0-99.parquet';
    const lease = await PartitionLease.claim(store, 't', 8, 'a', () => Promise.resolve('0'));
    await lease.beginFlush([failed]);
    await lease.beginFlush(['t/dt=2026-11-23/hr=11/ok-0-149.parquet']);
    await put('t/dt=2026-11-23/hr=11/ok-0-149.parquet');
    await lease.commitFlush(150n, ['t/dt=2026-11-23/hr=11/ok-0-149.parquet']);
    expect((await store.read('t', 8))?.checkpoint.quarantine).toEqual([failed]);
    await put(failed); // S3 completes the abandoned upload only now
    await lease.beginFlush(['t/dt=2026-11-23/hr=11/ok-150-199.parquet']);
    await put('t/dt=2026-11-23/hr=11/ok-150-199.parquet');
    await lease.commitFlush(200n, ['t/dt=2026-11-23/hr=11/ok-150-199.parquet']);
    expect(await listKeys(bucket, 't/dt=2026-11-23/hr=11/')).toEqual([
      't/dt=2026-11-23/hr=11/ok-0-149.parquet',
      't/dt=2026-11-23/hr=11/ok-150-199.parquet',
    ]);
  });
});
