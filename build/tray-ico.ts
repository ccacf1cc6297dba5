// `node build/tray-ico.ts`: the Windows tray icons (tray-<state>.ico) from the 16 px and 32 px PNGs beside them. An ICO
// may hold PNG images (Windows Vista and later); the shell picks the size its DPI needs from the one file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const icons = join(import.meta.dirname, 'icons');

export function icoOf(pngs: Buffer[]): Buffer {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach((png, i) => {
    const at = 6 + 16 * i;
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    header.writeUInt8(width >= 256 ? 0 : width, at);
    header.writeUInt8(height >= 256 ? 0 : height, at + 1);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs]);
}

if (import.meta.main) {
  for (const state of ['idle', 'ready', 'busy', 'failing']) {
    const pngs = [`tray-${state}.png`, `tray-${state}@2x.png`].map((name) => readFileSync(join(icons, name)));
    writeFileSync(join(icons, `tray-${state}.ico`), icoOf(pngs));
  }
}
