import type { CompletionReport } from '../completion/completer.js';

/**
 * renderCompletion writes a completion report in cobra's protocol, which the scripts of
 * `skiff completion` read: one candidate a line, a tab and its description if it has one,
 * then `:` and the directive.
 */
export function renderCompletion(report: CompletionReport): string {
  const lines = report.candidates.map((candidate) =>
    candidate.description
      ? `${candidate.value}\t${firstLine(candidate.description)}`
      : candidate.value,
  );
  return [...lines, `:${report.directive}`, ''].join('\n');
}

// A description is shown beside its candidate, so only its first line fits.
function firstLine(text: string): string {
  return text.split('\n')[0];
}
