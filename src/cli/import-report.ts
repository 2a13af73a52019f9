import { Outcome } from '../push/push.types';
import type { ChunkResult, ChunkStatus, ImportedItem, ImportResult } from './importer';

const n = (value: number) => value.toLocaleString('en');
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;
const when = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** "chunk 3", "chunks 1–2", "chunks 1, 3" (1-based, as people count). */
function chunkList(chunks: ChunkResult[]): string {
  const numbers = chunks.map((c) => c.chunk + 1);
  const contiguous = numbers.every((value, i) => i === 0 || value === numbers[i - 1]! + 1);
  const list = numbers.length > 2 && contiguous ? `${numbers[0]}–${numbers.at(-1)}` : numbers.join(', ');
  return `${numbers.length === 1 ? 'chunk' : 'chunks'} ${list} (items #${chunks[0]!.first}–#${chunks.at(-1)!.last})`;
}

const STATUS_TEXT: Record<ChunkStatus, string> = {
  WRITTEN: 'written',
  UNCHANGED: 'nothing to change',
  REPLAYED: 'replayed (imported before; nothing written now)',
  REJECTED: 'REJECTED: nothing of it written',
  NOT_WRITTEN: 'checked, not written',
  CHECKED: 'checked (dry run)',
};

function outcomeCounts(items: ImportedItem[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.outcome, (counts.get(item.outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${outcome} ${n(count)}`).join(', ');
}

/** `#index externalId: field — CODE — message` for each error of a rejected item. */
export function rejectedLines(result: ImportResult): string[] {
  return result.results.flatMap((item) =>
    item.outcome !== Outcome.REJECTED
      ? []
      : item.errors
          .filter((error) => error.code !== 'BATCH_ABORTED')
          .map((error) => `#${item.index} ${item.externalId}: ${error.field || '(item)'} — ${error.code} — ${error.message}`),
  );
}

/** The readable end-of-import report: what was done, per chunk and per outcome, every rejected item, and what to do next. */
export function formatReport(result: ImportResult): string {
  const lines: string[] = [];
  const mode = [result.dryRun ? 'DRY RUN' : null, result.atomic ? 'atomic' : 'not atomic'].filter(Boolean).join(', ');
  lines.push(
    `${result.dryRun ? 'Checked' : 'Imported'} ${result.path}: ${plural(result.items, result.kind.slice(0, -1))} into district ${result.districtCode} ` +
      `as actor "cli" (${mode}; ${plural(result.chunks.length, 'chunk')} of at most 1,000; sha256 ${result.sha256.slice(0, 16)}; ${result.seconds.toFixed(1)} s)`,
  );
  if (result.items === 0) {
    lines.push('The file holds no items: nothing to do.');
    return lines.join('\n');
  }

  lines.push('');
  for (const chunk of result.chunks) {
    const items = result.results.filter((item) => item.chunk === chunk.chunk);
    const replay = chunk.replayOf ? ` of ${when(chunk.replayOf)}` : '';
    lines.push(
      `  chunk ${chunk.chunk + 1}/${result.chunks.length}  #${chunk.first}–#${chunk.last}  ${STATUS_TEXT[chunk.status]}${replay}: ${outcomeCounts(items)}`,
    );
  }

  const { counts } = result;
  const aborted = result.results.filter((item) => item.outcome === Outcome.REJECTED && item.errors.every((e) => e.code === 'BATCH_ABORTED'));
  lines.push('');
  lines.push(
    `${result.dryRun ? 'Outcomes if written' : 'Outcomes'}: CREATED ${n(counts.CREATED)}, UPDATED ${n(counts.UPDATED)}, ` +
      `UNCHANGED ${n(counts.UNCHANGED)}, REJECTED ${n(counts.REJECTED)}` +
      (aborted.length > 0 ? ` (${n(counts.REJECTED - aborted.length)} with errors, ${n(aborted.length)} not written because of them)` : '') +
      (counts.REPLAYED > 0 ? `, REPLAYED ${n(counts.REPLAYED)}` : ''),
  );

  const rejected = rejectedLines(result);
  if (rejected.length > 0) {
    lines.push('');
    lines.push(`Rejected items (${plural(counts.REJECTED - aborted.length, 'item')}; field — code — what to fix):`);
    for (const line of rejected) lines.push(`  ${line}`);
  }

  lines.push('');
  const byStatus = (...statuses: ChunkStatus[]) => result.chunks.filter((c) => statuses.includes(c.status));
  const written = byStatus('WRITTEN', 'UNCHANGED');
  const replayed = byStatus('REPLAYED');
  const rejectedChunks = byStatus('REJECTED');
  const notWritten = byStatus('NOT_WRITTEN');
  if (result.dryRun) {
    lines.push('Dry run: nothing was written. Run without --dry-run to import.');
  } else if (counts.REJECTED === 0) {
    if (replayed.length === result.chunks.length) {
      lines.push(`This file was imported before (${when(replayed[0]!.replayOf!)}): nothing was written now; the results above are those of that import.`);
    } else {
      lines.push(`Done: ${n(counts.CREATED + counts.UPDATED)} items written${replayed.length > 0 ? `; ${chunkList(replayed)} had been imported before` : ''}.`);
    }
  } else if (!result.atomic) {
    lines.push('Not atomic: the valid items were written; the rejected ones were not. Fix them and import them again.');
  } else {
    const before = replayed.length > 0 ? ` (${chunkList(replayed)} had been imported before and stay so)` : '';
    if (written.length > 0) {
      lines.push(
        `Partly written: atomic holds per chunk of 1,000 items, and ${chunkList(written)} ${written.length === 1 ? 'was' : 'were'} written ` +
          `before ${chunkList(rejectedChunks)} was rejected; ${written.length === 1 ? 'it stays' : 'they stay'} written${before}. ` +
          (notWritten.length > 0 ? `${chunkList(notWritten)} ${notWritten.length === 1 ? 'was' : 'were'} checked but not written. ` : '') +
          'Fix the rejected items and run the whole file again: the items already written come back UNCHANGED.',
      );
    } else {
      lines.push(
        `Nothing was written${result.prechecked ? ' (every chunk is checked before any is written)' : ''}${before}. ` +
          'Fix the rejected items and run the whole file again.',
      );
    }
  }
  return lines.join('\n');
}
