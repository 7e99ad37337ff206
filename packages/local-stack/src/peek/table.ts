/** Cell text: JSON-able values as people read them, cut to `maxWidth`. */
export function cellText(value: unknown, maxWidth = 60): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : typeof value === 'bigint'
          ? value.toString()
          : JSON.stringify(value);
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > maxWidth ? `${oneLine.slice(0, maxWidth - 1)}…` : oneLine;
}

const numeric = (text: string) => /^-?[\d,]+(\.\d+)?$/.test(text);

/** A plain-text table: a header, a rule, one line per row; numbers right-aligned. */
export function formatTable(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): string[] {
  const cells = rows.map((row) => columns.map((_, index) => cellText(row[index])));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((row) => row[index]?.length ?? 0)),
  );
  const line = (values: readonly string[], alignNumbers: boolean) =>
    values
      .map((value, index) => {
        const width = widths[index] ?? 0;
        return alignNumbers && numeric(value) ? value.padStart(width) : value.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [
    line(columns, false),
    line(
      widths.map((width) => '-'.repeat(width)),
      false,
    ),
    ...cells.map((row) => line(row, true)),
  ];
}

export const count = (value: number | bigint) => value.toLocaleString('en-US');
