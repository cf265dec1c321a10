/**
 * vitest 5 prints failed tests with `Map.groupBy`, which Node 20 lacks (it arrived in Node 21):
 * without this, a failing assertion on Node 20 ends in "Map.groupBy is not a function" instead
 * of its diff. Imported by both vitest configs, which run in the process that reports.
 */
type GroupBy = <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => Map<K, T[]>;
const maps = Map as unknown as { groupBy?: GroupBy };
maps.groupBy ??= (items, key) => {
  const groups = new Map();
  let index = 0;
  for (const item of items) {
    const k = key(item, index++);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(item);
  }
  return groups;
};
