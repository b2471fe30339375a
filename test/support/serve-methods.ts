// The child side of a desk or kiosk run in its own process (so a test can
// SIGKILL it): answer each {id, method, args} message from the parent with
// the method's result or its error, then say ready.
type Call = { id: number; method: string; args: unknown[] };

export function serveMethods(methods: Readonly<Record<string, unknown>>): void {
  process.on('message', (msg: Call) => {
    const fn = methods[msg.method];
    if (typeof fn !== 'function') {
      process.send!({ id: msg.id, error: `no method ${msg.method}` });
      return;
    }
    Promise.resolve()
      .then(() => (fn as (...a: unknown[]) => unknown)(...msg.args))
      .then(
        (result) => process.send!({ id: msg.id, result: result === undefined ? null : result }),
        (err: unknown) => process.send!({ id: msg.id, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) }),
      );
  });
  process.send!({ ready: true });
}
