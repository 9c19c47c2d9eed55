/** A template's subject prefix, put before the subject ("[Exports] Export stops at 10k rows"). */

/** The subject with the prefix and a space before it, unless it already starts with the prefix. */
export function prefixedSubject(subject: string, prefix: string | undefined): string {
  const text = subject.trim();
  if (!prefix || text === '' || text.startsWith(prefix)) return text;
  return `${prefix} ${text}`;
}
