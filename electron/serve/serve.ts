// Headless mode arrives with the window (issue 3); until then the command says so.
export async function serve(_options: { port: unknown }): Promise<number> {
  console.error('lobsterpot serve: headless mode is not built yet.');
  return 1;
}
