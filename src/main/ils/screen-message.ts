// A SIP2 screen message (AF, repeatable) as the one line the desk shows.
export function joinLines(lines: readonly string[] | undefined): string {
  return (lines ?? []).join(' / ');
}
