import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findIntents } from '../../../src/extract/find-intents.js';
import type { Intents } from '../../../src/extract/extracted-fields.js';
import type { TextSource } from '../../../src/extract/text-source.js';

function own(text: string): TextSource[] {
  return [{ id: 'body', role: 'own', text }];
}

type Kind = keyof Intents;

function detected(text: string): Kind[] {
  const i = findIntents(own(text));
  return (Object.keys(i) as Kind[]).filter((k) => i[k] !== null).sort();
}

describe('what the sender asks for or says is recognised', () => {
  const table: { text: string; kinds: Kind[]; todo?: string }[] = [
    // address change
    { text: 'Ich bin zum 1. Mai umgezogen.', kinds: ['addressChange'] },
    { text: 'Wir ziehen nächsten Monat nach Kiel um.', kinds: ['addressChange'] },
    { text: 'Meine Anschrift hat sich geändert.', kinds: ['addressChange'] },
    { text: 'Ich wohne jetzt in der Feldstraße 8.', kinds: ['addressChange'] },
    { text: 'Meine neue Anschrift lautet Feldstraße 8, 24105 Kiel.', kinds: ['addressChange'] },
    { text: 'Hiermit melde ich die Änderung meiner Anschrift.', kinds: ['addressChange'] },
    { text: 'Betreff: Adressänderung zum 01.07.', kinds: ['addressChange'] },
    {
      text: 'Bitte ändern Sie meine Adresse in Feldstraße 8, 24105 Kiel.',
      kinds: ['addressChange'],
    },
    { text: 'Ich möchte meine Bankverbindung ändern.', kinds: [] },
    { text: 'Bitte senden Sie die Karte an meine Adresse.', kinds: [] },
    // representative
    { text: 'Ich schreibe als Tochter von Frau Weber.', kinds: ['representative'] },
    { text: 'Ich bin die gesetzliche Betreuerin von Herrn Kunz.', kinds: ['representative'] },
    { text: 'Im Auftrag meiner Mutter frage ich nach dem Stand.', kinds: ['representative'] },
    { text: 'Eine Vorsorgevollmacht liegt bei.', kinds: ['representative'] },
    { text: 'Ich führe die rechtliche Betreuung für Herrn Kunz.', kinds: ['representative'] },
    { text: 'Mit freundlichen Grüßen\nJan Weber\nBerufsbetreuer', kinds: ['representative'] },
    { text: 'I am writing on behalf of my mother, Frau Weber.', kinds: ['representative'] },
    { text: 'Ich frage für meinen Mann, ob die Brille übernommen wird.', kinds: ['representative'] },
    { text: 'Als Bevollmächtigter meines Onkels bitte ich um Auskunft zum Antrag.', kinds: ['representative'] },
    { text: 'Meine Tochter hat mir beim Ausfüllen geholfen.', kinds: [] },
    // data access
    { text: 'Ich bitte um Auskunft über meine gespeicherten Daten.', kinds: ['dataAccess'] },
    { text: 'Auskunftsersuchen nach Art. 15 DS-GVO', kinds: ['dataAccess'] },
    { text: 'Bitte um Auskunft über den Stand meines Antrags.', kinds: [] },
    // health data
    { text: 'Ich habe Diabetes und brauche Teststreifen.', kinds: ['healthData'] },
    { text: 'Ich bin seit zwei Wochen krankgeschrieben.', kinds: ['healthData'] },
    { text: 'Nach der Operation brauche ich Physiotherapie.', kinds: ['healthData'] },
    { text: 'Ich habe Pflegegrad 3 beantragt.', kinds: ['healthData'] },
    { text: 'Ich habe eine Frage zum Bonusheft.', kinds: [] },
    // several at once
    {
      text: 'Als Sohn von Frau Kunz teile ich mit: sie ist umgezogen, ins Pflegeheim, wegen ihrer Demenz-Erkrankung.',
      kinds: ['addressChange', 'healthData', 'representative'],
    },
  ];
  for (const row of table) {
    const what = row.kinds.length ? row.kinds.join(' and ') : 'nothing';
    it(`"${row.text}" is read as ${what}`, row.todo ? { todo: row.todo } : {}, () => {
      assert.deepEqual(detected(row.text), [...row.kinds].sort());
    });
  }
});

describe('which texts speak for the sender', () => {
  it('the subject line counts for an address change', () => {
    const i = findIntents([{ id: 'subject', role: 'subject', text: 'Umzug' }]);
    assert.ok(i.addressChange);
    assert.equal(i.addressChange.source, 'subject');
  });

  it('a forwarded message does not make an address change, a representative or a data request', () => {
    const i = findIntents([{ id: 'forwarded-body', role: 'forwarded', text: 'Ich bin umgezogen. Als Tochter bitte ich um Auskunft über meine Daten. Diabetes.' }]);
    assert.deepEqual(i, { addressChange: null, representative: null, dataAccess: null, healthData: null });
  });

  it('an attached document counts for health data but not for an address change', () => {
    const i = findIntents([{ id: 'attachment:Attest.pdf', role: 'document', text: 'Diagnose: Bandscheibenvorfall. Neue Anschrift der Praxis ab Mai.' }]);
    assert.ok(i.healthData);
    assert.equal(i.addressChange, null);
  });

  it('the evidence quotes the cue that fired', () => {
    const text = 'Guten Tag, ich bin umgezogen und wohne jetzt woanders.';
    const i = findIntents(own(text));
    assert.equal(i.addressChange?.rule, 'intent.address-change');
    assert.equal(text.slice(i.addressChange!.start, i.addressChange!.end), i.addressChange!.snippet);
    assert.match(i.addressChange!.snippet!, /umgezogen/);
  });
});
