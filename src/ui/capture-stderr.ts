/**
 * While Ink owns the screen, a stray stderr line (a config warning, a skipped agent) would tear the
 * frame. Such lines are held back, shown as a notice, and printed once the session ends.
 */
export interface StderrCapture {
  lines(): string[];
  restore(): void;
}

export function captureStderr(stream: NodeJS.WriteStream, onLine: (line: string) => void): StderrCapture {
  const original = stream.write.bind(stream);
  const held: string[] = [];
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    held.push(text);
    for (const line of text.split('\n').map((each) => each.trim()).filter(Boolean)) onLine(line);
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    callback?.();
    return true;
  }) as typeof stream.write;
  return {
    lines: () => held,
    restore: () => {
      stream.write = original;
    },
  };
}
