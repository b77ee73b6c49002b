/** The `status_message` column holds at most this many characters. */
const MAX_MESSAGE = 2048;

/**
 * A message and the text explaining it (a traceback), within the column's
 * size: when too long, the middle of the explanation goes, since the end of
 * a traceback names the failing line.
 */
export function messageWithDetails(message: string, details: string): string {
  const full = details ? `${message}\n${details}` : message;
  if (full.length <= MAX_MESSAGE) return full;
  if (message.length > MAX_MESSAGE - 100) return `${message.slice(0, MAX_MESSAGE - 1)}…`;
  return `${message}\n…${details.slice(-(MAX_MESSAGE - message.length - 2))}`;
}
