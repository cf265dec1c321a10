// vitest 5 prints failures with Map.groupBy / Object.groupBy (Node 21+). The project's machines
// run Node 20, where a failing run would otherwise crash in the reporter and hide the failure.
// Loaded with `node --import` before vitest; defines the two only where missing.
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = (items, key) => {
    const map = new Map();
    let i = 0;
    for (const item of items) {
      const k = key(item, i++);
      if (!map.has(k)) map.set(k, []);
      map.get(k).push(item);
    }
    return map;
  };
}
if (typeof Object.groupBy !== 'function') {
  Object.groupBy = (items, key) => Object.fromEntries(Map.groupBy(items, key));
}
