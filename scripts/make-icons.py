# Draws every icon from one drawing (a pot), with no dependency (PNG, ICNS and ICO written by hand with zlib/struct):
#   build/icons/app.png          1024 px, the source image (Linux packages, the window icon)
#   build/icon.icns, build/icon.ico   the same drawing at each size macOS and Windows ask for
#   build/icons/tray-<state>[Template][@2x].png   16 px and 32 px, one shape per state (idle, ready, busy, failing);
#   the Template ones are black with alpha, for macOS to tint.
# Run: python3 scripts/make-icons.py
import math
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'build')
ICONS = os.path.join(ROOT, 'icons')

# Mid-luminance colours: each keeps 3:1 (WCAG's bar for graphics) on light and on dark menu bars (checked in main).
STATE_COLOURS = {'idle': (134, 127, 122), 'ready': (21, 150, 68), 'busy': (205, 112, 6), 'failing': (232, 56, 56)}
MENU_BARS = {'white': (255, 255, 255), 'light grey': (240, 240, 240), 'dark grey': (48, 48, 48), 'black': (0, 0, 0)}
BACKGROUND_TOP, BACKGROUND_BOTTOM = (234, 88, 12), (154, 52, 18)
POT = (255, 247, 237)


def png_bytes(size, rgba_rows):
    raw = b''.join(b'\x00' + bytes(row) for row in rgba_rows)

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')


def render(size, shade):
    """Rows of RGBA bytes; shade(u, v) gives (r, g, b, a) at a point of the unit square, supersampled for soft edges."""
    samples = 4 if size <= 64 else 2 if size <= 256 else 1
    offsets = [(i + 0.5) / samples for i in range(samples)]
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            r = g = b = a = 0.0
            for dy in offsets:
                for dx in offsets:
                    pr, pg, pb, pa = shade((x + dx) / size, (y + dy) / size)
                    r, g, b, a = r + pr * pa, g + pg * pa, b + pb * pa, a + pa
            n = samples * samples
            alpha = a / n
            if a > 0:
                row += bytes((round(r / a), round(g / a), round(b / a), round(alpha * 255)))
            else:
                row += b'\x00\x00\x00\x00'
        rows.append(row)
    return rows


def in_round_rect(u, v, left, top, right, bottom, radius):
    if not (left <= u <= right and top <= v <= bottom):
        return False
    cx = min(max(u, left + radius), right - radius)
    cy = min(max(v, top + radius), bottom - radius)
    return (u - cx) ** 2 + (v - cy) ** 2 <= radius**2


def pot_parts(u, v, stroke=None):
    """The pot drawn in a unit square: a rim, a round body and two handles. With stroke, only its outline."""
    rim = in_round_rect(u, v, 0.10, 0.34, 0.90, 0.45, 0.035)
    body = (u - 0.5) ** 2 / 0.36**2 + (v - 0.45) ** 2 / 0.42**2 <= 1 and 0.44 <= v <= 0.84
    handle = (0.03 <= u <= 0.12 or 0.88 <= u <= 0.97) and 0.50 <= v <= 0.60
    inside = rim or body or handle
    if stroke is None or not inside:
        return inside
    inner_rim = in_round_rect(u, v, 0.10 + stroke, 0.34 + stroke, 0.90 - stroke, 0.45 - stroke, 0.02)
    inner_body = (u - 0.5) ** 2 / (0.36 - stroke) ** 2 + (v - 0.45) ** 2 / (0.42 - stroke) ** 2 <= 1 and (
        0.45 - stroke <= v <= 0.84 - stroke
    )
    return not (inner_rim or inner_body) or handle


def tray_shape(state):
    """One shape per state, so the template images (one colour) tell the states apart."""

    def inside(u, v):
        if state == 'idle':
            return pot_parts(u, v, stroke=0.13)
        pot = pot_parts(u, v)
        if state == 'ready':
            return pot
        if state == 'busy':
            steam = any(abs(u - x) <= 0.06 and 0.04 <= v <= 0.26 for x in (0.32, 0.5, 0.68))
            return pot or steam
        # failing: an exclamation mark cut out of the body
        bar = abs(u - 0.5) <= 0.065 and 0.47 <= v <= 0.66
        dot = (u - 0.5) ** 2 + (v - 0.75) ** 2 <= 0.065**2
        return pot and not (bar or dot)

    return inside


def tray_shade(state, colour):
    inside = tray_shape(state)
    return lambda u, v: (*colour, 1.0) if inside(u, v) else (0, 0, 0, 0.0)


def app_shade(u, v):
    """macOS grid: the tile fills the inner 80 % with rounded corners; the pot sits in it."""
    if not in_round_rect(u, v, 0.1, 0.1, 0.9, 0.9, 0.18):
        return (0, 0, 0, 0.0)
    pu, pv = (u - 0.22) / 0.56, (v - 0.2) / 0.56
    if 0 <= pu <= 1 and 0 <= pv <= 1 and pot_parts(pu, pv):
        return (*POT, 1.0)
    steam = any(
        abs(u - (x + 0.018 * math.sin((v - 0.2) * 40))) <= 0.018 and 0.19 <= v <= 0.35 for x in (0.42, 0.5, 0.58)
    )
    if steam:
        return (*POT, 0.85)
    t = (v - 0.1) / 0.8
    return (*(round(a + (b - a) * t) for a, b in zip(BACKGROUND_TOP, BACKGROUND_BOTTOM)), 1.0)


def luminance(rgb):
    channels = [c / 255 for c in rgb]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)


def main():
    for state, colour in STATE_COLOURS.items():
        for bar, background in MENU_BARS.items():
            ratio = contrast(colour, background)
            assert ratio >= 3, f'tray {state} is {ratio:.2f}:1 on a {bar} menu bar'
    os.makedirs(ICONS, exist_ok=True)
    app = {size: png_bytes(size, render(size, app_shade)) for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024)}
    write(os.path.join(ICONS, 'app.png'), app[1024])

    # ICNS: PNG payloads under the types for 16 to 512 @1x and @2x.
    icns_types = [
        (b'icp4', 16), (b'icp5', 32), (b'icp6', 64), (b'ic07', 128), (b'ic08', 256), (b'ic09', 512),
        (b'ic10', 1024), (b'ic11', 32), (b'ic12', 64), (b'ic13', 256), (b'ic14', 512),
    ]
    body = b''.join(kind + struct.pack('>I', 8 + len(app[size])) + app[size] for kind, size in icns_types)
    write(os.path.join(ROOT, 'icon.icns'), b'icns' + struct.pack('>I', 8 + len(body)) + body)

    # ICO: PNG payloads (Windows Vista and later), 256 px written as 0 in the directory.
    ico_sizes = (16, 24, 32, 48, 64, 128, 256)
    offset = 6 + 16 * len(ico_sizes)
    directory, payload = b'', b''
    for size in ico_sizes:
        data = app[size]
        directory += struct.pack('<BBBBHHII', size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(payload))
        payload += data
    write(os.path.join(ROOT, 'icon.ico'), struct.pack('<HHH', 0, 1, len(ico_sizes)) + directory + payload)

    for state, colour in STATE_COLOURS.items():
        for scale, suffix in ((1, ''), (2, '@2x')):
            size = 16 * scale
            write(os.path.join(ICONS, f'tray-{state}{suffix}.png'), png_bytes(size, render(size, tray_shade(state, colour))))
            write(
                os.path.join(ICONS, f'tray-{state}Template{suffix}.png'),
                png_bytes(size, render(size, tray_shade(state, (0, 0, 0)))),
            )
    print('icons written to', os.path.abspath(ROOT))


if __name__ == '__main__':
    main()
