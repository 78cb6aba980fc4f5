/**
 * Splits an email body into what the sender wrote now, the quoted chain (never the sender's
 * data), and a forwarded message (whose header lines are never the sender's data either).
 */

// "Am 14.10.2024 um 12:41 schrieb X <x@y>:" — a real reply header carries an address, a bracket or a time,
// which "Am Montag … schrieb mir eine Überweisung:" in the sender's own words does not.
const REPLY_HEADER = /^[ \t]*(?:Am|On)\b(?=[^\n]*(?:\n[^\n]*)?(?:@|<|\d{1,2}:\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4}))[^\n]{0,200}?(?:\n[^\n]{0,200}?)?\b(?:schrieb|wrote|hat\b[^\n]{0,40}geschrieben)[^\n]*(?:\n[^\n]{0,80})?:[ \t]*$/im;
const ORIGINAL = /^[ \t]*-{2,}[ \t]*(?:Ursprüngliche Nachricht|Original Message|Originalnachricht)[ \t]*-{2,}[ \t]*$/im;
const OUTLOOK_HEADER = /^[ \t]*(?:\*\s*)?(?:Von|From):[ \t]*\S[^\n]*\n[ \t]*(?:\*\s*)?(?:Gesendet|Sent|Datum|Date):[ \t]/im;
const FORWARD =
  /^[ \t]*(?:-{2,}[ \t]*(?:Weitergeleitete Nachricht|Forwarded message|Forwarded Message|Weitergeleitete E-Mail)[ \t]*-{2,}|Anfang der weitergeleiteten (?:E-Mail|Nachricht):|Begin forwarded message:)[ \t]*$/im;
const FORWARD_HEADER_LINE = /^[ \t]*(?:\*\s*)?(?:Von|From|An|To|Cc|Kopie|Betreff|Subject|Datum|Date|Gesendet|Sent|Antwort an|Reply-To):[ \t]?[^\n]*$/gim;
const DEVICE_NOISE = /^[ \t]*(?:Von meinem [^\n]{1,40} gesendet|Gesendet von meinem [^\n]{1,60}|Sent from my [^\n]{1,40}|Diese Nachricht wurde von meinem [^\n]{1,60} gesendet\.?)[ \t]*$/gim;

export interface SplitBody {
  own: string;
  forwarded: { text: string; fromAddress: string | null } | null;
  quotedChars: number;
}

function earliest(text: string, res: RegExp[]): number {
  let min = -1;
  for (const re of res) {
    const m = re.exec(text);
    if (m && (min < 0 || m.index < min)) min = m.index;
  }
  return min;
}

/**
 * An answer written between the quoted lines ("> …") below a reply header: the unquoted lines are
 * the sender's, up to the header of an older message. Only when the quote is marked with ">": a
 * chain without marks (Outlook) is the other side's text throughout.
 */
function interleavedAnswer(afterHeader: string): string {
  const firstWritten = afterHeader.split('\n').find((l) => l.trim() !== '');
  if (firstWritten === undefined || !/^[ \t]*>/.test(firstWritten)) return '';
  const older = earliest(afterHeader, [REPLY_HEADER, ORIGINAL, OUTLOOK_HEADER, FORWARD]);
  const rest = older >= 0 ? afterHeader.slice(0, older) : afterHeader;
  return rest
    .split('\n')
    .filter((l) => !/^[ \t]*>/.test(l))
    .join('\n')
    .trim();
}

export function splitBody(body: string): SplitBody {
  const text = body.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ');
  const quoteAt = earliest(text, [REPLY_HEADER, ORIGINAL, OUTLOOK_HEADER]);
  const fwdMatch = FORWARD.exec(text);
  const fwdAt = fwdMatch ? fwdMatch.index : -1;

  let ownEnd = text.length;
  let forwarded: SplitBody['forwarded'] = null;
  let interleaved = '';
  if (fwdAt >= 0 && (quoteAt < 0 || fwdAt <= quoteAt)) {
    ownEnd = fwdAt;
    let rest = text.slice(fwdAt + fwdMatch![0].length);
    const innerQuote = earliest(rest, [REPLY_HEADER, ORIGINAL]);
    if (innerQuote >= 0) rest = rest.slice(0, innerQuote);
    const fromLine = /^[ \t]*(?:\*\s*)?(?:Von|From):[ \t]*([^\n]*)$/im.exec(rest);
    const addr = fromLine ? /<?([^\s<>]+@[^\s<>]+)>?/.exec(fromLine[1]!)?.[1] ?? null : null;
    forwarded = { text: rest.replace(FORWARD_HEADER_LINE, '').replace(/^>[^\n]*$/gm, '').trim(), fromAddress: addr?.toLowerCase() ?? null };
  } else if (quoteAt >= 0) {
    ownEnd = quoteAt;
    const reply = REPLY_HEADER.exec(text);
    // Only an answer with (almost) nothing above the header is written between the quotes: below
    // a reply written on top, unquoted lines among the quotes are a quote's wrapped remainder.
    const onTop = text.slice(0, quoteAt).replace(/\s+/g, '').length;
    if (reply && reply.index === quoteAt && onTop < 20) interleaved = interleavedAnswer(text.slice(quoteAt + reply[0].length));
  }
  const own = [text.slice(0, ownEnd), interleaved]
    .join('\n\n')
    .split('\n')
    .filter((l) => !/^[ \t]*>/.test(l))
    .join('\n')
    .replace(DEVICE_NOISE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { own, forwarded, quotedChars: text.length - ownEnd };
}
