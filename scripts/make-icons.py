# Writes the app and tray icons (PNG, no dependencies): a pot, coloured by the aggregate state.
# macOS template images are black with alpha. Run: python3 scripts/make-icons.py
import os, struct, zlib

OUT = os.path.join(os.path.dirname(__file__), '..', 'build', 'icons')
COLOURS = {'idle': (120, 113, 108), 'ready': (22, 163, 74), 'busy': (217, 119, 6), 'failing': (220, 38, 38)}

def png(path, size, pixel):
    rows = b''.join(b'\x00' + b''.join(bytes(pixel(x, y)) for x in range(size)) for y in range(size))
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b''))

def pot(size, colour, rim):
    def pixel(x, y):
        u, v = (x + 0.5) / size, (y + 0.5) / size
        inside_body = (u - 0.5) ** 2 / 0.42 ** 2 + (v - 0.45) ** 2 / 0.42 ** 2 <= 1 and v >= 0.42 and v <= 0.86
        inside_rim = 0.06 <= u <= 0.94 and 0.34 <= v <= 0.44
        if inside_rim:
            return (*rim, 255)
        if inside_body:
            return (*colour, 255)
        return (0, 0, 0, 0)
    return pixel

os.makedirs(OUT, exist_ok=True)
png(os.path.join(OUT, 'app.png'), 256, pot(256, (194, 65, 12), (124, 45, 18)))
for state, colour in COLOURS.items():
    png(os.path.join(OUT, f'tray-{state}.png'), 32, pot(32, colour, tuple(max(0, c - 60) for c in colour)))
    png(os.path.join(OUT, f'tray-{state}Template.png'), 22, pot(22, (0, 0, 0), (0, 0, 0)) if state != 'idle' else (lambda x, y: (0, 0, 0, 90) if pot(22, (0, 0, 0), (0, 0, 0))(x, y)[3] else (0, 0, 0, 0)))
print('icons written to', os.path.abspath(OUT))
