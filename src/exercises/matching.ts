/**
 * Gives as many rows as possible a distinct column (maximum bipartite matching, augmenting paths).
 * `candidates[row]` lists the columns the row may take, in the order it prefers them. Used wherever
 * "each of these must be matched by a different one of those": each term by a different task-list
 * item or bullet, each starter file by a different place now holding its content.
 *
 * Returns, for each row, the column it was given or -1.
 */
export function matchDistinct(candidates: readonly (readonly number[])[], columns: number): number[] {
  const rowOfColumn = new Array<number>(columns).fill(-1);
  const tryAssign = (row: number, visited: boolean[]): boolean => {
    for (const column of candidates[row]) {
      if (visited[column]) continue;
      visited[column] = true;
      if (rowOfColumn[column] === -1 || tryAssign(rowOfColumn[column], visited)) {
        rowOfColumn[column] = row;
        return true;
      }
    }
    return false;
  };
  candidates.forEach((_columns, row) => tryAssign(row, new Array<boolean>(columns).fill(false)));
  const columnOfRow = new Array<number>(candidates.length).fill(-1);
  rowOfColumn.forEach((row, column) => {
    if (row >= 0) columnOfRow[row] = column;
  });
  return columnOfRow;
}

/**
 * Assigns rows to distinct columns so the total score is highest (the Hungarian algorithm, O(n³)).
 * A score of 0 or less means "may not be paired". Used to pair each required item of a list with a
 * different listed item, preferring the listed item that also has the right owner and date: when the
 * hotel booking is listed twice (once with the first date said, once with the corrected one), the
 * corrected one is the match and the other is an extra.
 *
 * Returns, for each row, the column it was given or -1.
 */
export function assignBest(scores: number[][]): number[] {
  const rows = scores.length;
  if (rows === 0) return [];
  const cols = Math.max(0, ...scores.map((row) => row.length));
  const n = Math.max(rows, cols);
  const top = Math.max(1, ...scores.flat());
  // Square cost matrix; a forbidden or padded pair costs as much as leaving the row unpaired.
  const cost = (r: number, c: number) => {
    const score = r < rows && c < cols ? (scores[r][c] ?? 0) : 0;
    return score > 0 ? top - score : top;
  };

  // Potentials u (rows) and v (columns), 1-based as in the classic formulation.
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(n + 1).fill(0);
  const rowOfCol = new Array<number>(n + 1).fill(0);
  const way = new Array<number>(n + 1).fill(0);
  for (let r = 1; r <= n; r += 1) {
    rowOfCol[0] = r;
    let col0 = 0;
    const minv = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Array<boolean>(n + 1).fill(false);
    do {
      used[col0] = true;
      const r0 = rowOfCol[col0];
      let delta = Number.POSITIVE_INFINITY;
      let col1 = 0;
      for (let c = 1; c <= n; c += 1) {
        if (used[c]) continue;
        const reduced = cost(r0 - 1, c - 1) - u[r0] - v[c];
        if (reduced < minv[c]) {
          minv[c] = reduced;
          way[c] = col0;
        }
        if (minv[c] < delta) {
          delta = minv[c];
          col1 = c;
        }
      }
      for (let c = 0; c <= n; c += 1) {
        if (used[c]) {
          u[rowOfCol[c]] += delta;
          v[c] -= delta;
        } else minv[c] -= delta;
      }
      col0 = col1;
    } while (rowOfCol[col0] !== 0);
    do {
      const col1 = way[col0];
      rowOfCol[col0] = rowOfCol[col1];
      col0 = col1;
    } while (col0 !== 0);
  }

  const result = new Array<number>(rows).fill(-1);
  for (let c = 1; c <= n; c += 1) {
    const r = rowOfCol[c] - 1;
    if (r >= 0 && r < rows && c - 1 < cols && (scores[r][c - 1] ?? 0) > 0) result[r] = c - 1;
  }
  return result;
}
