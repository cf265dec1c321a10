/** Printing for the bench: figures beside their budgets, never asserted. */

export type Row = Array<string | number>;

export function printTable(title: string, rows: Row[]): void {
  console.log(`\n${title}\n`);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((c, j) => String(c ?? '').padEnd(widths[j]!)).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : '-');

/** "1.23× (budget ≤ 1.3×) ok" */
export function ratioVerdict(ratio: number, budget: number): string {
  return `${ratio.toFixed(2)}× (≤ ${budget}×) ${ratio <= budget ? 'ok' : 'OVER'}`;
}

/** "+8 % (budget ≤ +10 %) ok" */
export function growthVerdict(from: number, to: number, budgetPercent: number): string {
  const growth = (to / from - 1) * 100;
  return `${growth >= 0 ? '+' : ''}${growth.toFixed(0)} % (≤ +${budgetPercent} %) ${growth <= budgetPercent ? 'ok' : 'OVER'}`;
}

/** "4.2 ms (budget ≤ 5 ms) ok" */
export function msVerdict(value: number, budget: number): string {
  return `${ms(value)} (≤ ${budget} ms) ${value <= budget ? 'ok' : 'OVER'}`;
}
