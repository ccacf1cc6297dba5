// Where a gateway's Control UI (OpenClaw's dashboard) is: served on its base port, on loopback.

/** The Control UI's plain address on a port: for Open dashboard, Copy URL, the tray and `lobsterpot open`. */
export const controlUiUrl = (port: number): string => `http://127.0.0.1:${port}/`;
