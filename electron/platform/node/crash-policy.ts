// One policy for the app, `serve` and the CLI: a stray rejection or exception is logged with its stack and the
// process keeps supervising (Node's default would end it, leaving gateways unwatched and locks held). Locks are
// released on the way out by proper-lockfile's exit hook; a dead supervisor's control socket is taken over by the next.
export function installCrashPolicy(processName: string, log: (message: string) => void = console.error): () => void {
  const describe = (value: unknown) => (value instanceof Error ? (value.stack ?? value.message) : String(value));
  const onRejection = (reason: unknown) =>
    log(`${processName}: an unhandled promise rejection (still running): ${describe(reason)}`);
  const onException = (error: unknown) =>
    log(`${processName}: an uncaught exception (still running): ${describe(error)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
