// Compares a triage result with a truth line (the format of shared/dev-corpus/truth.jsonl):
// a field left out of the truth is not checked; _flagsOptional flags are neither required nor wrong.

const TITLES = /(^|\s)(herrn?|frau|dr\.?|prof\.?|dipl\.?-?\s?ing\.?|med\.?)(?=\s|$)/g;

function fold(s: unknown): string | null {
  if (s === null || s === undefined) return null;
  const t = String(s).normalize('NFC').toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(TITLES, ' ').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}
const street = (s: unknown) => fold(s)?.replace(/strasse|str\.|str\b/g, 'str').replace(/[\s.]/g, '') ?? null;
const sortedTokens = (s: string | null) => (s === null ? null : s.replace(/,/g, ' ').split(/\s+/).filter(Boolean).sort().join(' '));

export function differences(truth: Record<string, any>, r: Record<string, any>): string[] {
  const wrong: string[] = [];
  const s = truth.sender ?? {};
  if ('name' in s && sortedTokens(fold(r.sender?.name)) !== sortedTokens(fold(s.name))) wrong.push(`name: ${r.sender?.name} ≠ ${s.name}`);
  if ('address' in s) {
    const got = r.sender?.address ?? null;
    const want = s.address ?? null;
    if (street(got?.street) !== street(want?.street)) wrong.push(`street: ${got?.street} ≠ ${want?.street}`);
    if ((got?.postalCode ?? null) !== (want?.postalCode ?? null)) wrong.push(`postalCode: ${got?.postalCode} ≠ ${want?.postalCode}`);
    if (fold(got?.city) !== fold(want?.city)) wrong.push(`city: ${got?.city} ≠ ${want?.city}`);
  }
  for (const k of ['insuranceNumber', 'insuranceNumberValid']) if (k in s && (r.sender?.[k] ?? null) !== s[k]) wrong.push(`${k}: ${r.sender?.[k]} ≠ ${s[k]}`);
  for (const k of ['channel', 'channelSecurity', 'signaturePresent', 'authenticated', 'needsReview']) if (k in truth && r[k] !== truth[k]) wrong.push(`${k}: ${r[k]} ≠ ${truth[k]}`);
  if (truth.member && 'status' in truth.member && r.member?.status !== truth.member.status) wrong.push(`member.status: ${r.member?.status} ≠ ${truth.member.status}`);
  if (truth.reply && 'channel' in truth.reply && r.reply?.channel !== truth.reply.channel) wrong.push(`reply.channel: ${r.reply?.channel} ≠ ${truth.reply.channel}`);
  if (Array.isArray(truth.flags)) {
    const opt = new Set<string>(truth._flagsOptional ?? []);
    const want = truth.flags.filter((f: string) => !opt.has(f)).sort().join(',');
    const got = (r.flags as string[]).filter((f) => !opt.has(f)).sort().join(',');
    if (want !== got) wrong.push(`flags: [${got}] ≠ [${want}]`);
  }
  return wrong;
}
