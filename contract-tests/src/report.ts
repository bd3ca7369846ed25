import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export type TestState = 'passed' | 'failed' | 'skipped' | 'pending';

export interface TestOutcome {
  /** The suite file, relative to the contract-tests folder. */
  file: string;
  name: string;
  state: TestState;
  durationMs: number;
  /** Failure messages (with the reproduction the checks print). */
  errors: string[];
  /** Annotations (the generic checks note how many responses they judged). */
  notes: string[];
}

export interface RunSummary {
  outcomes: TestOutcome[];
  /** Suite files that failed to load, hooks that threw, unhandled errors. */
  errors: string[];
  /** vitest's verdict: `passed` only if every test passed or was skipped and nothing else failed. */
  reason: 'passed' | 'failed' | 'interrupted';
  counts: Record<TestState, number>;
}

/** Collects the run's results for the CLI's exit code and the HTML report. */
export class SummaryReporter implements Reporter {
  summary: RunSummary | undefined;

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
    reason: 'passed' | 'failed' | 'interrupted',
  ): void {
    const outcomes: TestOutcome[] = [];
    const errors = unhandledErrors.map(errorText);
    for (const module of testModules) {
      for (const error of module.errors()) errors.push(`${module.relativeModuleId}: ${errorText(error)}`);
      for (const test of module.children.allTests()) {
        const result = test.result();
        outcomes.push({
          file: module.relativeModuleId,
          name: test.fullName,
          state: result.state,
          durationMs: test.diagnostic()?.duration ?? 0,
          errors: (result.errors ?? []).map(errorText),
          notes: test.annotations().map((annotation) => annotation.message),
        });
      }
    }
    const counts: Record<TestState, number> = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const outcome of outcomes) counts[outcome.state]++;
    this.summary = { outcomes, errors, reason, counts };
  }
}

function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

export interface ReportMeta {
  api: string;
  target: string;
  startedAt: Date;
  durationMs: number;
}

/** A single self-contained HTML page: totals, then every test with its failure text or note. */
export function renderHtmlReport(summary: RunSummary, meta: ReportMeta): string {
  const { counts } = summary;
  const verdict = summary.reason === 'passed' ? 'passed' : 'failed';
  const rows = summary.outcomes
    .map((outcome) => {
      const details = [...outcome.errors, ...outcome.notes].map((text) => `<pre>${escapeHtml(text)}</pre>`).join('');
      return `<tr class="${outcome.state}"><td>${outcome.state}</td><td>${escapeHtml(outcome.name)}<div class="file">${escapeHtml(outcome.file)}</div>${details}</td><td>${Math.round(outcome.durationMs)} ms</td></tr>`;
    })
    .join('\n');
  const errors = summary.errors.map((text) => `<pre class="error">${escapeHtml(text)}</pre>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>dbwire conformance: ${escapeHtml(meta.api)} ${verdict}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
tr.failed td:first-child { color: #b00020; font-weight: bold; }
tr.passed td:first-child { color: #1b7f3b; }
tr.skipped td:first-child, tr.pending td:first-child { color: #888; }
pre { white-space: pre-wrap; margin: .3rem 0; font-size: 12px; background: #f6f6f6; padding: .3rem; }
pre.error { background: #fde8e8; }
.file { color: #888; font-size: 12px; }
</style>
</head>
<body>
<h1>dbwire conformance: ${escapeHtml(meta.api)} — ${verdict}</h1>
<p>Target: ${escapeHtml(meta.target)}<br>Started ${meta.startedAt.toISOString()}, took ${(meta.durationMs / 1000).toFixed(1)} s</p>
<p><strong>${counts.passed}</strong> passed, <strong>${counts.failed}</strong> failed, <strong>${counts.skipped + counts.pending}</strong> skipped, ${summary.outcomes.length} in all.</p>
${errors}
<table>
<thead><tr><th>Result</th><th>Test</th><th>Time</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

export async function writeReportFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, 'utf8');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
