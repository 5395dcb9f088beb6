// CSI/OSC/other escape sequences, then any C0/C1 control character left over (tabs and newlines
// kept; a bare carriage return could overwrite what is already on the line, so it goes too).
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Model text is untrusted: it must not move the cursor, recolour the terminal, set the window title
 * or, once printed in a CI log, run a workflow command (`::set-output`, `::add-mask` …).
 */
export function sanitizeText(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(ESCAPES, '')
    .replace(CONTROLS, '')
    .replace(/^(\s*)::/gm, '$1:\u200b:');
}

/** One display line: sanitized, whitespace collapsed, cut with an ellipsis. */
export function oneLine(text: string, max = 120): string {
  const line = sanitizeText(text).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
