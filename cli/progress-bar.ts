// A one-line progress bar for the terminal: done/total, rate and ETA, redrawn in place.
export interface ProgressBar {
  tick(done: number): void;
  clear(): void;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '--';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}

export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr, width = 24): ProgressBar {
  const started = performance.now();
  let last = 0;
  const draw = (done: number): void => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const fill = total > 0 ? Math.round((done / total) * width) : width;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    stream.write(`\r\u001b[2K[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${done}/${total} ${rate.toFixed(1)} domains/s ETA ${duration(eta)}`);
  };
  return {
    tick(done) {
      const now = performance.now();
      if (done < total && now - last < 100) return; // redraw at most 10 times a second
      last = now;
      draw(done);
    },
    clear() {
      stream.write('\r\u001b[2K');
    },
  };
}
