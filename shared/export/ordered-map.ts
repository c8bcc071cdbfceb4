/**
 * Maps an async sequence with at most `concurrency` calls of `fn` in flight, yielding results in input
 * order; at most `concurrency` results are held at any time, so memory stays bounded whatever the input size.
 */
export async function* mapOrdered<T, R>(
  input: AsyncIterable<T> | Iterable<T>,
  concurrency: number,
  fn: (item: T) => Promise<R>,
): AsyncIterable<R> {
  const window: Promise<R>[] = [];
  const limit = Math.max(1, Math.floor(concurrency));
  try {
    for await (const item of input) {
      const pending = fn(item);
      // Rejections are observed when the promise reaches the head of the window; this only keeps Node
      // from reporting them as unhandled while they wait there.
      pending.catch(() => undefined);
      window.push(pending);
      if (window.length >= limit) {
        const head = window.shift();
        if (head !== undefined) yield await head;
      }
    }
    for (let head = window.shift(); head !== undefined; head = window.shift()) yield await head;
  } finally {
    // An early exit (a consumer error or break) must not leave rejections unobserved.
    await Promise.allSettled(window);
  }
}
