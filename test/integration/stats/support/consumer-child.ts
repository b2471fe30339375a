// A statistics consumer in its own process (the crash test kills it with SIGKILL).
// argv: <database url> <batch size> <stop in batch N, or 0 to run to the end>.
// With N > 0 it reports over IPC when batch N has written everything but not
// committed, then waits there for the kill.
import { openDatabase } from '#server/db/open';
import { catchUp } from '#server/stats/consumer';

async function main(): Promise<void> {
  const [url, size, stopAt] = process.argv.slice(2) as [string, string, string];
  const db = await openDatabase({ databaseUrl: url });
  let batch = 0;
  const consumed = await catchUp(db, {
    limit: Number(size),
    beforeCommit: async (info) => {
      if (++batch !== Number(stopAt)) return;
      process.send?.({ midBatch: info });
      await new Promise(() => undefined);
    },
  });
  process.send?.({ done: consumed });
  await db.close();
  process.disconnect?.();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
