// A process that opens a pty pair and waits to be killed (pty-pair.test.ts).
import { PtyPair } from '#main/simulators/pty-pair';

void PtyPair.start().then((pair) => {
  process.stdout.write(`${pair.hostPath}\n`);
  setInterval(() => undefined, 60_000);
});
