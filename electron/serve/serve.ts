// `lobsterpot serve`: the headless supervisor process. Its HTTP face is `server.ts`.
import type { CommandReply } from '../contract/contract.ts';
import { claimSupervisor, type SupervisorInfo } from '../supervisor/node/control.ts';
import { installCrashPolicy } from '../platform/node/crash-policy.ts';
import { pickTunnelPort } from '../hosts/node/hosts.ts';
import { osEphemeralRange } from '../ports/node/listeners.ts';
import { Manager } from '../supervisor/node/manager.ts';
import { quitLines, type QuitReport } from '../supervisor/common/quit.ts';
import { lobsterpotDataDir } from '../platform/node/paths.ts';
import { startServer, type ServerHandle } from './server.ts';
import { Interrupts, type Press } from './interrupts.ts';

const who = (info: SupervisorInfo) => `${info.kind === 'app' ? 'the app' : 'lobsterpot serve'}, pid ${info.pid}`;

/** `lobsterpot serve [--port N]`: runs until interrupted; on the way out the quit rule (supervisor/common/quit.ts). */
export async function serve(options: { port: number | undefined }): Promise<number> {
  // No port asked for: a free one outside the OS's ephemeral range, where an outgoing connection could take it.
  // A port asked for was checked by the command line (its entry, with the field rule).
  const port = options.port ?? (await pickTunnelPort(osEphemeralRange()));
  installCrashPolicy('lobsterpot serve');
  let manager: Manager | null = null;
  // Taken before anything is claimed: a Ctrl-C while serve starts must not end it with its claim's files behind.
  const interrupts = new Interrupts((press) => onPress(press));
  const stopListening = interrupts.listen();
  const onPress = (press: Press) => {
    if (press === 2) {
      console.log('stopping the gateways at once (SIGKILL) … (Ctrl-C again: quit now)');
      manager?.hurry();
    } else if (press === 3) {
      const running = manager?.snapshot().gateways.filter((g) => g.pid !== null) ?? [];
      if (running.length) console.log(`leaving ${running.map((g) => g.profile).join(', ')} running: quit at once`);
      // The control endpoint's exit hook removes the claim's files.
      process.exit(130);
    }
  };

  const dataDir = lobsterpotDataDir();
  // One supervisor per data dir: claimed before anything is adopted or started, so a second serve never decides.
  const claim = await claimSupervisor(dataDir, 'serve', (command, args, author) =>
    manager
      ? manager.reply(command, args, author)
      : Promise.resolve<CommandReply>({ ok: false, error: { code: 'failed', message: 'Lobsterpot is starting' } }),
  );
  if ('running' in claim) {
    stopListening();
    const { running, answers, state } = claim;
    if (!answers) {
      console.error(
        `Lobsterpot already runs on this host (${who(running)}) but does not answer${state ? `: its process is ${state}` : ''}. ` +
          `It still holds ${dataDir}, so this one does not supervise. Let it go on (kill -CONT ${running.pid}) or end it, then start again.`,
      );
      return 1;
    }
    console.log(
      `Lobsterpot already runs on this host (${who(running)}); it supervises the gateways.${running.url ? `\nOpen:\n\n  ${running.url}\n` : ''}`,
    );
    return 0;
  }
  const control = claim.claimed;
  let lostTo: SupervisorInfo | null = null;
  control.watchClaim((holder) => {
    lostTo = holder;
    console.error(
      `lobsterpot serve: ${who(holder)} holds ${dataDir} now: this one has lost its claim and stops supervising (the gateways are left running for it).`,
    );
    interrupts.request();
  });
  let handle: ServerHandle | null = null;
  let code: number;
  try {
    manager = await Manager.open({ face: { watch: true, origin: 'serve' } });
    for (const warning of manager.warnings) console.error(`warning: ${warning}`);
    if (manager.environment.problem) console.error(`${manager.environment.problem}\n${manager.environment.fix ?? ''}`);
    if (!interrupts.requested) {
      try {
        handle = await startServer(manager, { port });
      } catch (error) {
        console.error(`lobsterpot serve: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`);
        await manager.close({ leave: true });
        return 1;
      }
      await control.setUrl(handle.url);
      console.log(`Lobsterpot is serving on 127.0.0.1 only. Open:\n\n  ${handle.url}\n`);
      void manager.startFlagged();
    }
    await interrupts.first;
    const leaving = lostTo !== null || manager.settings.quitPolicy === 'leave-running';
    console.log(
      leaving
        ? 'stopping (gateways are left running) …'
        : 'stopping the gateways this server started … (Ctrl-C again: stop them at once)',
    );
    code = lostTo ? 1 : 0;
  } finally {
    // Each step runs whatever the one before did: a throw must not leave the gateways or the claim behind. The
    // windows stay until the gateways are stopped, so they show the stops (the Manager takes no command meanwhile).
    const report: QuitReport | null = manager
      ? await manager
          .close(lostTo ? { leave: true } : {})
          .catch((error: unknown) => (console.error(`lobsterpot serve: stopping the gateways: ${error}`), null))
      : null;
    await handle?.close().catch((error: unknown) => console.error(`lobsterpot serve: closing the server: ${error}`));
    await control.close().catch((error: unknown) => console.error(`lobsterpot serve: releasing the claim: ${error}`));
    if (report) for (const line of quitLines(report)) console.log(line);
  }
  return code;
}
