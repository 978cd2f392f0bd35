/**
 * Defers making a storage item until something first uses it: `lazyItem(() => storage.defineItem(…))`.
 *
 * WXT's `storage.defineItem` starts work the moment it is called: it runs the item's migrations
 * and reads its key once (keeping nothing of it). Items are module constants, so every page that
 * imports one paid for those `chrome.storage` calls while its modules were still evaluating — in
 * the popup, before its form could be drawn. Made on first use, an item runs its migrations then,
 * and each of its methods still waits for them, as WXT's does (docs/architecture.md, "First frame" under "The popup").
 *
 * The returned object stands for the item: every property read goes to the real item (made once).
 * Properties set on it, e.g. by a test's spy, stay on the stand-in and win over the real item's.
 */
export function lazyItem<I extends object>(make: () => I): I {
  let item: I | undefined;
  const real = (): I => {
    item ??= make();
    return item;
  };
  return new Proxy({} as I, {
    get: (own, key) => (Reflect.has(own, key) ? Reflect.get(own, key) : Reflect.get(real(), key)),
    has: (own, key) => Reflect.has(own, key) || Reflect.has(real(), key),
    getOwnPropertyDescriptor: (own, key) =>
      Reflect.getOwnPropertyDescriptor(own, key) ?? Reflect.getOwnPropertyDescriptor(real(), key),
  });
}
