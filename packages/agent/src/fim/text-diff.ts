// A small line diff (longest common subsequence) of two redacted texts, for allow-listed small
// config files: `-` lines removed, `+` lines added, with one line of context, capped in length.
export function lineDiff(before: string, after: string, maxLines = 200): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // LCS table; allow-listed files are small (policy.diff.maxBytes), so O(n·m) is fine.
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push(` ${a[i]}`);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push(`-${a[i++]}`);
    else ops.push(`+${b[j++]}`);
  }
  const keep = ops.map(
    (op, k) => op[0] !== ' ' || ops[k - 1]?.[0] !== ' ' || ops[k + 1]?.[0] !== ' ',
  );
  const out: string[] = [];
  ops.forEach((op, k) => {
    if (keep[k]) out.push(op);
    else if (out.at(-1) !== '…') out.push('…');
  });
  return (out.length > maxLines ? [...out.slice(0, maxLines), '… (truncated)'] : out).join('\n');
}
