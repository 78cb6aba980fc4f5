import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitBody } from '../../../../src/extract/readers/email-text.js';

const OWN = 'Guten Tag,\nich bin umgezogen, bitte senden Sie mir das Formular.\n\nViele Grüße\nOle Frerichs';

describe('the quoted reply chain is cut from what the sender wrote', () => {
  const table: { title: string; body: string; todo?: string }[] = [
    {
      title: 'a German "Am … schrieb …:" header',
      body: `${OWN}\n\nAm 03.06.2024 um 10:15 schrieb Gesundheitskasse <service@kasse.example>:\n> Sehr geehrter Herr Frerichs,\n> Ihre Versichertennummer lautet B204815732.`,
    },
    {
      title: 'an "Am … schrieb …:" header followed by unmarked quoted text',
      body: `${OWN}\n\nAm 03.06.2024 um 10:15 schrieb Gesundheitskasse <service@kasse.example>:\n\nSehr geehrter Herr Frerichs,\nIhre Versichertennummer lautet B204815732.`,
    },
    {
      title: 'an English "On … wrote:" header',
      body: `${OWN}\n\nOn Mon, Jun 3, 2024 at 10:15 AM Service <service@kasse.example> wrote:\n> Dear Sir,`,
    },
    {
      title: 'an Outlook "-----Ursprüngliche Nachricht-----" block',
      body: `${OWN}\n\n-----Ursprüngliche Nachricht-----\nVon: Service <service@kasse.example>\nGesendet: Montag, 3. Juni 2024 10:15\nAn: ole@example.org\nBetreff: Ihre Anfrage\n\nSehr geehrter Herr Frerichs,\nHohe Straße 40, 50667 Köln`,
    },
    {
      title: 'an Outlook header block "Von: … Gesendet: …" without separator line',
      body: `${OWN}\n\nVon: Service <service@kasse.example>\nGesendet: Montag, 3. Juni 2024 10:15\nAn: ole@example.org\nBetreff: Ihre Anfrage\n\nSehr geehrter Herr Frerichs,`,
    },
    {
      title: 'an "Am … schrieb" header wrapped after the sender name (as Gmail wraps long lines)',
      body: `${OWN}\n\nAm Mo., 3. Juni 2024 um 10:15 Uhr schrieb Gesundheitskasse Kundenservice <\nservice@kasse.example>:\n\nSehr geehrter Herr Frerichs,\nIhre Versichertennummer lautet B204815732.`,
    },
  ];
  for (const row of table) {
    it(`after ${row.title}`, row.todo ? { todo: row.todo } : {}, () => {
      const s = splitBody(row.body);
      assert.equal(s.own, OWN);
      assert.equal(s.forwarded, null);
      assert.ok(s.quotedChars > 0);
    });
  }

  it('lines starting with ">" inside the own part are dropped', () => {
    const s = splitBody('Siehe unten:\n> Ihre Versichertennummer B204815732\nDanke\nOle');
    assert.equal(s.own, 'Siehe unten:\nDanke\nOle');
  });

  it('an answer written between the quoted lines below the reply header is the sender\'s own text', () => {
    const s = splitBody(
      'On Mon, 4 Mar 2024 at 09:12, Kundenservice <service@kasse.example> wrote:\n> Bitte nennen Sie Ihre Versichertennummer.\n\nDie lautet B204815732.\n\n> Mit freundlichen Grüßen\n> Kasse, Hauptstraße 1, 44269 Dortmund\n\nViele Grüße\nOle Frerichs',
    );
    assert.equal(s.own, 'Die lautet B204815732.\n\nViele Grüße\nOle Frerichs');
  });

  it('below an answer written on top, a quoted line\'s wrapped remainder stays out of the own text', () => {
    const s = splitBody(
      `${OWN}\n\nAm 04.03.2024 um 09:12 schrieb Kundenservice <service@kasse.example>:\n> Bitte nennen Sie uns Ihre Versichertennummer und Ihre\nAnschrift. Kasse, Hauptstraße 1, 44269 Dortmund\n> Mit freundlichen Grüßen`,
    );
    assert.equal(s.own, OWN);
  });

  it('a quote chain without ">" marks below a reply header stays out of the own text', () => {
    const s = splitBody(`${OWN}\n\nAm 04.03.2024 um 09:12 schrieb Kundenservice <service@kasse.example>:\nBitte nennen Sie Ihre Versichertennummer.\nKasse, Hauptstraße 1, 44269 Dortmund`);
    assert.equal(s.own, OWN);
  });

  it('a message without any quote is kept whole', () => {
    const s = splitBody(OWN);
    assert.equal(s.own, OWN);
    assert.equal(s.quotedChars, 0);
  });
});

describe('ordinary sentences are not mistaken for a quote header', () => {
  const table: { body: string; keep: string; todo?: string }[] = [
    { body: 'Am Ende bleibt die Frage, was mein Arzt geschrieben hat: nichts.\nMehr weiß ich nicht.', keep: 'Mehr weiß ich nicht.' },
    {
      body: 'Am Montag war ich beim Arzt. Er schrieb mir eine Überweisung:\nHNO-Praxis, bitte übernehmen Sie die Kosten.\nOle Frerichs',
      keep: 'bitte übernehmen Sie die Kosten',
    },
    {
      body: 'Am 3. Juni hat mir mein Arzt Folgendes geschrieben:\nPhysiotherapie, 10 Einheiten.\nOle Frerichs',
      keep: 'Physiotherapie, 10 Einheiten.',
    },
  ];
  for (const row of table) {
    it(`"${row.body.split('\n')[0]}" stays in the own text`, row.todo ? { todo: row.todo } : {}, () => {
      assert.ok(splitBody(row.body).own.includes(row.keep));
    });
  }
});

describe('a forwarded message is kept apart', () => {
  it('a Gmail "Forwarded message" gives the inner text without its header lines and the sender address', () => {
    const body =
      'Bitte sehen Sie unten.\n\n---------- Forwarded message ---------\nVon: Ole Frerichs <ole@example.org>\nDate: Mo., 3. Juni 2024\nSubject: Umzug\nTo: <post@example.org>\n\nIch bin umgezogen.\nOle';
    const s = splitBody(body);
    assert.equal(s.own, 'Bitte sehen Sie unten.');
    assert.deepEqual(s.forwarded, { text: 'Ich bin umgezogen.\nOle', fromAddress: 'ole@example.org' });
  });

  it('a Thunderbird "Weitergeleitete Nachricht" gives a lower-cased sender address and cuts its own quote chain', () => {
    const body =
      'Zur Info\n\n-------- Weitergeleitete Nachricht --------\nBetreff: Umzug\nDatum: Mon, 3 Jun 2024\nVon: "Ole Frerichs" <Ole.Frerichs@Example.org>\nAn: post@example.org\n\nIch bin umgezogen.\n\nAm 01.06.2024 schrieb Service:\n> Ihre alte Anschrift: Wiesenweg 1, 24103 Kiel';
    const s = splitBody(body);
    assert.equal(s.own, 'Zur Info');
    assert.equal(s.forwarded?.fromAddress, 'ole.frerichs@example.org');
    assert.equal(s.forwarded?.text, 'Ich bin umgezogen.');
  });

  it('an Apple Mail "Anfang der weitergeleiteten E-Mail:" is recognised', () => {
    const s = splitBody('Meine Nachricht\n\nAnfang der weitergeleiteten E-Mail:\n\nVon: Ole <ole@example.org>\nBetreff: Bonus\n\nInhalt');
    assert.equal(s.own, 'Meine Nachricht');
    assert.deepEqual(s.forwarded, { text: 'Inhalt', fromAddress: 'ole@example.org' });
  });

  it('the header lines of the forwarded message never reach its text', () => {
    const body = 'FYI\n\n---------- Forwarded message ---------\nVon: Service <service@kasse.example>\nAn: ole@example.org\nBetreff: Ihre Anschrift Wiesenweg 1\n\nText';
    const s = splitBody(body);
    assert.equal(s.forwarded?.text, 'Text');
    assert.equal(s.forwarded?.fromAddress, 'service@kasse.example');
  });

  it('a forward marker below a reply header belongs to the quote, not to the sender', () => {
    const body = `${OWN}\n\nAm 03.06.2024 schrieb Service <service@kasse.example>:\n> ---------- Forwarded message ---------\n> Von: x@example.org`;
    const s = splitBody(body);
    assert.equal(s.own, OWN);
    assert.equal(s.forwarded, null);
  });
});

describe('noise and line endings', () => {
  it('device footers are removed', () => {
    for (const footer of ['Von meinem iPhone gesendet', 'Gesendet von meinem Samsung Galaxy Smartphone.', 'Sent from my iPad']) {
      assert.equal(splitBody(`${OWN}\n\n${footer}`).own, OWN, footer);
    }
  });

  it('CRLF line endings and non-breaking spaces are normalised', () => {
    const s = splitBody('Guten\u00a0Tag,\r\nanbei.\r\n\r\nAm 03.06.2024 schrieb Service <s@kasse.example>:\r\n> alt');
    assert.equal(s.own, 'Guten Tag,\nanbei.');
  });

  it('runs of blank lines collapse to one', () => {
    assert.equal(splitBody('Hallo\n\n\n\n\nOle').own, 'Hallo\n\nOle');
  });
});
