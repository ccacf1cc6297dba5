import { describe, expect, it } from 'vitest';
import { Interrupts, type Press } from './interrupts.ts';

describe('Ctrl-C presses', () => {
  const make = () => {
    let now = 0;
    const presses: Press[] = [];
    const interrupts = new Interrupts(
      (press) => presses.push(press),
      () => now,
      1000,
    );
    return { interrupts, presses, at: (ms: number) => (now = ms) };
  };

  it('takes the three SIGINTs of one Ctrl-C on npm start (the terminal, npm, start.ts) for one press', () => {
    const { interrupts, presses, at } = make();
    at(10);
    interrupts.signal();
    at(12);
    interrupts.signal();
    at(40);
    interrupts.signal();
    expect(presses).toEqual([1]);
    expect(interrupts.requested).toBe(true);
  });

  it('a press after the burst is the second (stop at once), then the third (end now), and no more', () => {
    const { interrupts, presses, at } = make();
    for (const ms of [0, 5, 1500, 1510, 3000, 3005, 5000]) {
      at(ms);
      interrupts.signal();
    }
    expect(presses).toEqual([1, 2, 3]);
  });

  it('a quit asked from within is the first press; a signal after it is the second', async () => {
    const { interrupts, presses, at } = make();
    interrupts.request();
    interrupts.request();
    await interrupts.first;
    at(2000);
    interrupts.signal();
    expect(presses).toEqual([1, 2]);
  });
});
