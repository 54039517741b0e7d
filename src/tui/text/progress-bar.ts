/**
 * A text progress bar for the status line, drawn with eighth blocks so that 1 % steps are
 * visible even in a short bar.
 */
const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

/**
 * A bar `width` columns wide, filled `percent` (0–100, clamped).
 * @example progressBar(50, 4) === '██  '
 */
export function progressBar(percent: number, width: number): string {
  const columns = Math.max(0, Math.floor(width));
  const fraction = Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) / 100 : 0;
  const eighths = Math.round(fraction * columns * 8);
  const full = Math.floor(eighths / 8);
  const partial = full < columns ? (PARTIAL_BLOCKS[eighths % 8] ?? '') : '';
  return ('█'.repeat(full) + partial).padEnd(columns, ' ');
}
