import cliProgress from 'cli-progress';
import type { ImportProgress } from './importer';

const PHASE = { check: 'checking', write: 'writing' } as const;

export interface ProgressDisplay {
  onProgress(progress: ImportProgress): void;
  stop(): void;
}

/** A progress bar on a terminal; plain lines, one per chunk, when the output is a file or a pipe. */
export function progressDisplay(stream: NodeJS.WriteStream = process.stdout): ProgressDisplay {
  if (!stream.isTTY) {
    return {
      onProgress({ phase, done, total, chunk, chunks }) {
        const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
        stream.write(`${PHASE[phase]}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} items (${percent}%), chunk ${chunk}/${chunks}\n`);
      },
      stop() {},
    };
  }
  let bar: cliProgress.SingleBar | null = null;
  let barPhase: ImportProgress['phase'] | null = null;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    onProgress({ phase, done, total, chunk, chunks }) {
      if (barPhase !== phase || bar === null) {
        stop();
        barPhase = phase;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `${PHASE[phase].padEnd(8)} [{bar}] {percentage}% | {value}/{total} items | chunk {chunk}/{chunks} | ETA {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, { chunk, chunks });
      } else {
        bar.update(done, { chunk, chunks });
      }
    },
    stop,
  };
}
