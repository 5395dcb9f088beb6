/**
 * Splits a stream of stdout chunks into JSON lines as they complete, for backends that show an
 * answer while a CLI is still printing it. A chunk may end mid-line (or mid-character: callers
 * pass decoded text); the rest waits for the next chunk. Lines that are not JSON are skipped.
 */
export function jsonLines(onValue: (value: unknown) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      onValue(value);
    }
  };
}
