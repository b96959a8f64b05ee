/** @perseid/tool: the `meteor` command and the test orchestrator behind `npm test`. */
export { ToolError, isToolError, TOOL_ERROR_CODES } from './tool-error';
export type { ToolErrorCode } from './tool-error';
export { runCli } from './cli/run-cli';
export type { CliContext } from './cli/run-cli';
export { runTestScript, TEST_SCRIPT_USAGE } from './test-runner/test-script';
export { runTestOrchestrator, TEST_STAGES, TEST_STATS_FILE_ENV } from './test-runner/test-orchestrator';
export type { TestStage, TestOrchestratorOptions } from './test-runner/test-orchestrator';
export { formatSummaryLine } from './test-runner/test-stats';
export type { TestStats } from './test-runner/test-stats';
export { runMochaChild } from './test-runner/run-mocha-child';
export { runBrowserTests } from './browser/run-browser-tests';
export { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH } from './browser/chromium-path';
export type { BrowserTestGroup } from './browser/run-browser-tests';
