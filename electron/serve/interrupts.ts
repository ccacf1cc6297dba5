// Ctrl-C as `serve` sees it. One Ctrl-C on `npm start` reaches npm, scripts/start.ts and serve together (a terminal
// signals its whole foreground process group), and npm and start.ts each forward theirs to their child: serve gets
// three SIGINTs for one press. Signals within `burstMs` of a press are that press. The first press quits gracefully,
// the second stops the gateways at once (SIGKILL), the third ends the process now; none leaves the claim's files.
export type Press = 1 | 2 | 3;

/** The signals a terminal, npm, a service manager or a closed terminal send to ask a process to end. */
export const QUIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export class Interrupts {
  readonly #onPress: (press: Press) => void;
  readonly #now: () => number;
  readonly #burstMs: number;
  #presses = 0;
  #pressedAt = -Infinity;
  #resolveFirst!: () => void;
  /** Resolves at the first press (or `request()`). */
  readonly first: Promise<void>;

  constructor(onPress: (press: Press) => void, now: () => number = () => performance.now(), burstMs = 1000) {
    this.#onPress = onPress;
    this.#now = now;
    this.#burstMs = burstMs;
    this.first = new Promise((resolve) => (this.#resolveFirst = resolve));
  }

  get requested(): boolean {
    return this.#presses > 0;
  }

  /** A quit signal arrived. */
  signal(): void {
    const now = this.#now();
    if (now - this.#pressedAt < this.#burstMs) return;
    this.#pressedAt = now;
    this.#press();
  }

  /** A quit asked from within (the claim was lost): the first press, if none came yet. */
  request(): void {
    if (this.#presses === 0) this.#press();
  }

  #press() {
    if (this.#presses >= 3) return;
    this.#presses++;
    if (this.#presses === 1) this.#resolveFirst();
    this.#onPress(this.#presses as Press);
  }

  /** Takes the quit signals from now on (before anything is claimed or started); returns the undo. */
  listen(): () => void {
    const onSignal = () => this.signal();
    for (const signal of QUIT_SIGNALS) process.on(signal, onSignal);
    return () => {
      for (const signal of QUIT_SIGNALS) process.off(signal, onSignal);
    };
  }
}
