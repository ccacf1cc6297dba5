import { describe, expect, it } from 'vitest';
import { copyText, type ClipboardPlace } from './clipboard.ts';

/** A page's clipboard and document, recording what copyText asks of them. */
function place(options: { clipboard: 'grants' | 'denies' | 'absent'; copyCommand: boolean }) {
  const done: string[] = [];
  const field = {
    value: '',
    style: {} as Record<string, string>,
    setAttribute: (name: string) => done.push(`attribute ${name}`),
    select: () => done.push(`select ${field.value}`),
    remove: () => done.push('remove'),
  };
  const page: ClipboardPlace = {
    clipboard:
      options.clipboard === 'absent'
        ? undefined
        : {
            writeText: async (text) => {
              if (options.clipboard === 'denies') throw new Error('Write permission denied.');
              done.push(`clipboard ${text}`);
            },
          },
    document: {
      createElement: (() => field) as unknown as Document['createElement'],
      execCommand: (command: string) => {
        done.push(`execCommand ${command}`);
        return options.copyCommand;
      },
      body: { append: () => void done.push('append') },
    },
  };
  return { page, done };
}

describe('defect 7: Copy in the app', () => {
  it('writes through the Clipboard API where the page is granted it', async () => {
    const { page, done } = place({ clipboard: 'grants', copyCommand: true });
    await copyText('openclaw browser start', page);
    expect(done).toEqual(['clipboard openclaw browser start']);
  });

  it('falls back to the copy command when the permission is denied or there is no Clipboard API', async () => {
    for (const clipboard of ['denies', 'absent'] as const) {
      const { page, done } = place({ clipboard, copyCommand: true });
      await copyText('openclaw browser start', page);
      expect(done).toEqual([
        'attribute readonly',
        'append',
        'select openclaw browser start',
        'execCommand copy',
        'remove',
      ]);
    }
  });

  it('says why when neither works', async () => {
    const { page } = place({ clipboard: 'denies', copyCommand: false });
    await expect(copyText('x', page)).rejects.toThrow('Write permission denied.');
  });
});
