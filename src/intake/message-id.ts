/**
 * The Message-ID of a raw email, read from its top-level header without parsing the message
 * (intake must be cheap): `<…>` as mailparser reports it, or null when there is none.
 */
export function messageIdOf(raw: Buffer): string | null {
  // Headers end at the first empty line; 64 KiB is far beyond any real header block.
  let head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  if (end >= 0) head = head.slice(0, end);
  // An mbox export starts with a "From " line that is not a header.
  head = head.replace(/^From [^\n]*\n/, '');
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id[ \t]*:(.*)$/im.exec(unfolded);
  const value = match?.[1]?.trim().replace(/\s+/g, '');
  if (!value) return null;
  // Same normalisation as mailparser, so queue and CLI rows of one email agree.
  return `${value.startsWith('<') ? '' : '<'}${value}${value.endsWith('>') ? '' : '>'}`;
}
