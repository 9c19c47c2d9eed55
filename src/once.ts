/**
 * A value built on first use, then kept. Schemas are made this way: building zod's objects costs
 * time, and a command checks only a few kinds of input, so building all of them as their modules
 * load cost every command its time at start (bench/notes.md).
 */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
