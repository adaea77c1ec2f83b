// A jest reporter that fails the run when any test was skipped or left as a todo (test.skip, describe.skip,
// test.todo, a conditional `? test.skip : test`), naming each. jest.config.js registers it when CI=true, so a
// CI run cannot pass with a test that did not run. Plain CommonJS: jest loads reporters without transforming them.

/** Statuses of tests that did not run, as jest reports them. */
const NOT_RUN = new Set(['pending', 'skipped', 'todo', 'disabled']);

class NoSkippedTestsReporter {
  /** @param {{ rootDir?: string }} globalConfig jest's global config (for file paths relative to the root) */
  constructor(globalConfig) {
    this.globalConfig = globalConfig ?? {};
    /** @type {Error | undefined} */
    this.error = undefined;
  }

  /**
   * The tests of a finished run that did not run, one line each: `<file>: <full name> (<status>)`.
   * @param {{ rootDir?: string }} globalConfig
   * @param {{ testResults: { testFilePath: string, testResults: { fullName: string, status: string }[] }[] }} results
   * @returns {string[]}
   */
  static notRun(globalConfig, results) {
    const root = globalConfig.rootDir ? `${globalConfig.rootDir.replace(/\/$/, '')}/` : '';
    return results.testResults.flatMap((file) =>
      file.testResults
        .filter((t) => NOT_RUN.has(t.status))
        .map(
          (t) =>
            `${file.testFilePath.startsWith(root) ? file.testFilePath.slice(root.length) : file.testFilePath}: ${t.fullName} (${t.status})`,
        ),
    );
  }

  onRunComplete(_contexts, results) {
    const lines = NoSkippedTestsReporter.notRun(this.globalConfig, results);
    this.error = undefined;
    if (lines.length === 0) return;
    const message = `${lines.length} test${lines.length === 1 ? '' : 's'} did not run, and CI runs every test:\n${lines.map((l) => `  ${l}`).join('\n')}`;
    process.stderr.write(`\n${message}\n`);
    this.error = new Error(message);
  }

  /** jest marks the run failed (exit code 1) when a reporter returns an error here. */
  getLastError() {
    return this.error;
  }
}

module.exports = NoSkippedTestsReporter;
