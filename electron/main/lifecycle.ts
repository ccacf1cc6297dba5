// The app's life from the single-instance lock to exit: a startup that fails says why and exits non-zero (releasing the
// lock), a second instance or `activate` that comes while starting is served once started, and the quit policy is
// applied once, however many times quit is asked.
export interface Running {
  showWindow(): void;
  /** Applies the quit policy (the Manager's close) and lets go of the tray. */
  close(): Promise<void>;
}

export interface LifecycleTargets {
  whenReady(): Promise<void>;
  /** Ends the process now (Electron's `app.exit`): no `before-quit` again, and the lock is released. */
  exit(code: number): void;
  /** An error dialog (Electron's `dialog.showErrorBox`, which also works before `ready`). */
  showError(title: string, message: string): void;
  log(message: string): void;
}

/** A startup refusal whose message is the whole story (another supervisor runs…), shown without a stack. */
export class StartupRefusal extends Error {
  override readonly name = 'StartupRefusal';
}

type Phase = 'starting' | 'running' | 'quitting' | 'failed';

export class Lifecycle {
  readonly #targets: LifecycleTargets;
  #phase: Phase = 'starting';
  #running: Running | null = null;
  #showWhenRunning = false;
  #quitWhenRunning = false;

  constructor(targets: LifecycleTargets) {
    this.#targets = targets;
  }

  get phase(): Phase {
    return this.#phase;
  }

  /** Runs the startup once the app is ready; any failure ends the process with a dialog and exit code 1. */
  async start(startup: () => Promise<Running>): Promise<void> {
    try {
      await this.#targets.whenReady();
      this.#running = await startup();
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#phase = 'running';
    if (this.#quitWhenRunning) return this.#quit();
    if (this.#showWhenRunning) this.#running.showWindow();
  }

  /** A second launch (Electron's `second-instance`): the one window comes forward, once started if starting. */
  secondInstance(): void {
    if (this.#phase === 'running') this.#running?.showWindow();
    else if (this.#phase === 'starting') this.#showWhenRunning = true;
  }

  /** macOS `activate` also fires for the launch itself (at login too), so only a running app answers it. */
  activate(): void {
    if (this.#phase === 'running') this.#running?.showWindow();
  }

  /** Electron's `before-quit`: held until the quit policy ran, then the process exits. */
  beforeQuit(event: { preventDefault(): void }): void {
    if (this.#phase === 'failed') return;
    event.preventDefault();
    if (this.#phase === 'starting') this.#quitWhenRunning = true;
    else if (this.#phase === 'running') void this.#quit();
  }

  /**
   * The OS ends the session: powerMonitor's `shutdown` (Linux, macOS) or a window's `query-session-end` (Windows, which
   * sends no `before-quit` at log-off). The end is held where the OS allows it while the quit policy runs.
   */
  endOfSession(event?: { preventDefault(): void }): void {
    if (this.#phase === 'failed') return;
    event?.preventDefault();
    if (this.#phase === 'starting') this.#quitWhenRunning = true;
    else if (this.#phase === 'running') void this.#quit();
  }

  async #quit() {
    this.#phase = 'quitting';
    try {
      await this.#running?.close();
      this.#targets.exit(0);
    } catch (error) {
      this.#targets.log(`quit: ${(error as Error).stack ?? String(error)}`);
      this.#targets.exit(1);
    }
  }

  #fail(error: unknown) {
    this.#phase = 'failed';
    const refusal = error instanceof StartupRefusal;
    const message = error instanceof Error ? error.message : String(error);
    this.#targets.log(`startup failed: ${refusal ? message : ((error as Error).stack ?? message)}`);
    try {
      this.#targets.showError(
        refusal ? 'Lobsterpot is not starting' : 'Lobsterpot could not start',
        refusal ? message : `${message}\n\nLobsterpot has quit; start it again once this is fixed.`,
      );
    } catch (dialogError) {
      this.#targets.log(`startup failed, and so did its dialog: ${(dialogError as Error).message}`);
    }
    this.#targets.exit(1);
  }
}
