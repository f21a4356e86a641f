import { GroupCommit } from './group-commit.js';

/** A writer whose batches finish only when the test says so. */
function gatedWriter(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (items.some(fail)) throw new Error(`bad item in ${items.join(',')}`);
    return items.map((i) => i * 10);
  };
  const openAll = async () => {
    // Batches started by finished ones open too, until nothing is waiting.
    for (let round = 0; round < 10; round++) {
      await new Promise((r) => setImmediate(r));
      gates.splice(0).forEach((open) => open());
    }
  };
  return { batches, write, openAll };
}

describe('GroupCommit', () => {
  it('writes an item at once when nothing is in flight', async () => {
    const w = gatedWriter();
    const commit = new GroupCommit(w.write, { maxBatch: 50, concurrency: 1 });
    const one = commit.submit(1);
    expect(w.batches).toEqual([[1]]);
    await w.openAll();
    await expect(one).resolves.toBe(10);
  });

  it('groups the items that arrive while a batch is being written, each caller getting its own result', async () => {
    const w = gatedWriter();
    const commit = new GroupCommit(w.write, { maxBatch: 50, concurrency: 1 });
    const results = [1, 2, 3, 4].map((i) => commit.submit(i));
    await w.openAll();
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40]);
  });

  it('caps a batch at maxBatch and runs `concurrency` batches at once', async () => {
    const w = gatedWriter();
    const commit = new GroupCommit(w.write, { maxBatch: 2, concurrency: 2 });
    const results = [1, 2, 3, 4, 5, 6].map((i) => commit.submit(i));
    expect(w.batches).toEqual([[1], [2]]);
    await w.openAll();
    expect(w.batches).toEqual([[1], [2], [3, 4], [5, 6]]);
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('fails only the bad item of a failed batch: the others are written again on their own', async () => {
    const w = gatedWriter((i) => i === 3);
    const commit = new GroupCommit(w.write, { maxBatch: 50, concurrency: 1 });
    const results = [1, 2, 3, 4].map((i) => commit.submit(i).catch((err: Error) => err.message));
    await w.openAll();
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 'bad item in 3', 40]);
    expect(w.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('fails every caller when every write fails (an outage)', async () => {
    const w = gatedWriter(() => true);
    const commit = new GroupCommit(w.write, { maxBatch: 50, concurrency: 1 });
    const results = [1, 2, 3].map((i) => commit.submit(i).then(String, () => 'failed'));
    await w.openAll();
    await expect(Promise.all(results)).resolves.toEqual(['failed', 'failed', 'failed']);
  });
});
