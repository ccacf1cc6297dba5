// `lobsterpot serve`: the headless supervisor process. Its HTTP face is `server.ts`.
import type { CommandReply } from '../contract/contract.ts';
import { claimSupervisor } from '../supervisor/node/control.ts';
import { installCrashPolicy } from '../platform/node/crash-policy.ts';
import { pickTunnelPort } from '../hosts/node/hosts.ts';
import { osEphemeralRange } from '../ports/node/listeners.ts';
import { Manager } from '../supervisor/node/manager.ts';
import { lobsterpotDataDir } from '../platform/node/paths.ts';
import { startServer, type ServerHandle } from './server.ts';

/** `lobsterpot serve [--port N]`: runs until interrupted; gateways it started are handled by the quit policy. */
export async function serve(options: { port: unknown }): Promise<number> {
  // No port asked for: a free one outside the OS's ephemeral range, where an outgoing connection could take it.
  const port = options.port ?? (await pickTunnelPort(osEphemeralRange()));
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`lobsterpot serve: --port must be a whole number between 0 and 65535 (got ${JSON.stringify(port)})`);
    return 2;
  }
  installCrashPolicy('lobsterpot serve');
  // One supervisor per data dir: claimed before anything is adopted or started, so a second serve never decides.
  let manager: Manager | null = null;
  const claim = await claimSupervisor(lobsterpotDataDir(), 'serve', (command, args, author) =>
    manager
      ? manager.reply(command, args, author)
      : Promise.resolve<CommandReply>({ ok: false, error: { code: 'failed', message: 'Lobsterpot is starting' } }),
  );
  if ('running' in claim) {
    const { pid, kind, url } = claim.running;
    console.log(
      `Lobsterpot already runs on this host (${kind === 'app' ? 'the app' : 'lobsterpot serve'}, pid ${pid}); it supervises the gateways.${url ? `\nOpen:\n\n  ${url}\n` : ''}`,
    );
    return 0;
  }
  const control = claim.claimed;
  manager = await Manager.open({ watch: true, origin: 'serve' });
  for (const warning of manager.warnings) console.error(`warning: ${warning}`);
  if (manager.environment.problem) console.error(`${manager.environment.problem}\n${manager.environment.fix ?? ''}`);
  let handle: ServerHandle;
  try {
    handle = await startServer(manager, { port });
  } catch (error) {
    console.error(`lobsterpot serve: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`);
    await manager.close({ leave: true });
    await control.close();
    return 1;
  }
  await control.setUrl(handle.url);
  console.log(`Lobsterpot is serving on 127.0.0.1 only. Open:\n\n  ${handle.url}\n`);
  void manager.startFlagged();
  // One Ctrl-C reaches npm, scripts/start.ts and this process together, and may be forwarded once more: the signals
  // after the first must not end the process (their default action) while it stops the gateways it started.
  let signals = 0;
  await new Promise<void>((resolveStop) => {
    const onSignal = () => {
      signals++;
      if (signals === 1) resolveStop();
      else if (signals > 3) process.exit(130);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  const leaving = manager.settings.quitPolicy === 'leave-running';
  console.log(leaving ? 'stopping (gateways are left running) …' : 'stopping the gateways this server started …');
  await handle.close();
  await manager.close();
  await control.close();
  return 0;
}
