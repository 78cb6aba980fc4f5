import path from 'node:path';
import type { TriageResult } from '../contract/triage-result.js';

function pad(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

const HEAD = ['Eingang', 'Kanal', 'Status', 'Mitglied', 'Auth.', 'Antwort', 'Prüfen', 'Hinweise'];
const WIDTH = [28, 13, 10, 10, 6, 8, 7, 0];

export function tableHeader(): string {
  const line = HEAD.map((h, i) => (WIDTH[i] ? pad(h, WIDTH[i]!) : h)).join(' ');
  return `${line}\n${'-'.repeat(Math.min(120, line.length + 30))}\n`;
}

/** One readable row per item; a case worker sees the decision, never the disclosed code. */
export function tableRow(r: TriageResult): string {
  const cells = [
    path.basename(r.source),
    r.channel,
    r.status === 'failed' ? 'FEHLER' : 'ok',
    r.member.status,
    r.authenticated ? 'ja' : 'nein',
    r.reply.channel,
    r.needsReview ? 'ja' : '-',
    r.status === 'failed' ? (r.error?.code ?? '') : r.flags.join(', '),
  ];
  return `${cells.map((c, i) => (WIDTH[i] ? pad(c, WIDTH[i]!) : c)).join(' ')}\n`;
}

export function summary(results: TriageResult[], seconds: number): string {
  const byChannel = new Map<string, number>();
  const byFlag = new Map<string, number>();
  let failed = 0;
  let review = 0;
  let authenticated = 0;
  for (const r of results) {
    byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + 1);
    for (const f of r.flags) byFlag.set(f, (byFlag.get(f) ?? 0) + 1);
    if (r.status === 'failed') failed++;
    if (r.needsReview) review++;
    if (r.authenticated) authenticated++;
  }
  const lines = [
    '',
    `Zusammenfassung: ${results.length} Eingänge in ${seconds.toFixed(1)} s`,
    `  je Kanal:     ${[...byChannel].map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`,
    `  zu prüfen:    ${review}   authentifiziert: ${authenticated}   fehlgeschlagen: ${failed}`,
    `  Hinweise:     ${[...byFlag].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`,
    '',
  ];
  return lines.join('\n');
}
