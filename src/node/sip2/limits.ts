// A SIP2 line longer than this is a broken peer, not a message (the longest
// real responses, patron information with item lists, stay far below it).
export const SIP2_MAX_LINE_BYTES = 64 * 1024;
