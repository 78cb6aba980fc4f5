// The review interface: sign-in, work basket, item view; for supervisors the audit log, for admins
// the users. Plain ES module, no framework, no build.
// Every piece of data reaches the page as text (textContent, attributes), never as markup; the only
// HTML from outside is an email's (already sanitised) HTML, shown in a sandboxed iframe without
// scripts under its own Content-Security-Policy.

const EMAIL_FRAME_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
const PAGE_SIZE = 50;
const AUDIT_PAGE_SIZE = 50;

// ---------------------------------------------------------------------------------------------
// German wording

const FLAG_LABELS = {
  'missing-name': 'Name fehlt',
  'missing-address': 'Anschrift fehlt',
  'missing-insurance-number': 'Versichertennummer fehlt',
  'invalid-insurance-number': 'Versichertennummer ungültig',
  'missing-signature': 'Unterschrift fehlt',
  'member-not-found': 'Mitglied nicht gefunden',
  'member-mismatch': 'Mitglied passt nicht',
  'address-change-request': 'Adressänderung',
  'address-change-insecure-channel': 'Adressänderung auf unsicherem Weg',
  representative: 'Vertretung',
  'auth-code-disclosed': 'Zugangscode offengelegt',
  'personal-data-insecure-channel': 'Persönliche Daten per E-Mail',
  unreadable: 'Nicht lesbar',
  'no-secure-reply-route': 'Kein sicherer Antwortweg',
  'low-confidence': 'Unsichere Erkennung',
};
const CHANNEL_LABELS = { letter: 'Brief', email: 'E-Mail', 'contact-form': 'Kontaktformular' };
const MEMBER_STATUS_LABELS = {
  matched: 'Mitglied eindeutig zugeordnet',
  mismatch: 'Angaben passen nicht zum Mitglied',
  'not-found': 'Kein Mitglied gefunden',
  'no-registry': 'Kein Mitgliederverzeichnis geladen',
};
const REPLY_LABELS = { post: 'Post', portal: 'Portal (Online-Postfach)', none: 'Kein sicherer Antwortweg', email: 'E-Mail (nicht zulässig)' };
const FIELD_LABELS = { name: 'Name', address: 'Anschrift', insuranceNumber: 'Versichertennummer', signature: 'Unterschrift' };
const FIELD_ORDER = ['name', 'address', 'insuranceNumber', 'signature'];
const ROLE_LABELS = { caseworker: 'Sachbearbeitung', supervisor: 'Teamleitung', admin: 'Administration' };
const TEXT_ROLE_LABELS = { body: 'Nachricht', subject: 'Betreff', page: 'Seite', attachment: 'Anhang', form: 'Formular' };
const SOURCE_LABELS = {
  'case-worker': 'Sachbearbeitung',
  letter: 'Brief',
  email: 'E-Mail',
  'from-header': 'Absenderzeile',
  ocr: 'Texterkennung',
  'text-layer': 'Textebene der PDF',
  textLayer: 'Textebene der PDF',
  body: 'E-Mail-Text',
  subject: 'Betreff',
  from: 'Absenderzeile',
  header: 'Kopfzeile',
  form: 'Formularfeld',
  'form-field': 'Formularfeld',
  message: 'Nachricht',
  attachment: 'Anhang',
  image: 'Seitenbild',
  registry: 'Mitgliederverzeichnis',
  correction: 'Korrektur',
  review: 'Prüfung',
};
const FORM_FIELD_LABELS = {
  name: 'Name', firstName: 'Vorname', lastName: 'Nachname', salutation: 'Anrede', email: 'E-Mail', phone: 'Telefon',
  street: 'Straße', postalCode: 'PLZ', city: 'Ort', address: 'Anschrift', insuranceNumber: 'Versichertennummer',
  subject: 'Betreff', topic: 'Anliegen', message: 'Nachricht', attachments: 'Anhänge', submittedAt: 'Gesendet am',
  birthDate: 'Geburtsdatum', dateOfBirth: 'Geburtsdatum',
};
const MIN_AGE_OPTIONS = [
  ['', 'beliebig'],
  ['4', 'ab 4 Stunden'],
  ['24', 'ab 1 Tag'],
  ['48', 'ab 2 Tagen'],
  ['120', 'ab 5 Tagen'],
  ['168', 'ab 1 Woche'],
];

const AUDIT_ACTION_LABELS = {
  'review.viewed': 'Vorgang angesehen',
  'review.viewed_page': 'Seitenbild angesehen',
  'review.claimed': 'Vorgang übernommen',
  'review.released': 'Vorgang freigegeben',
  'review.assigned': 'Vorgang zugewiesen',
  'review.corrected': 'Angabe korrigiert',
  'review.decided': 'Prüfung vermerkt',
  'review.reply_route_chosen': 'Antwortweg festgelegt',
  'review.closed': 'Vorgang abgeschlossen',
  'intake.stored': 'Eingang gespeichert',
  'triage.decided': 'Automatisch ausgewertet',
  'reply.queued': 'Antwort bereitgestellt',
  'reply.delivered': 'Antwort zugestellt',
  'reply.failed': 'Antwort fehlgeschlagen',
  'ack.queued': 'Eingangsbestätigung bereitgestellt',
  'auth.signed_in': 'Angemeldet',
  'auth.signed_out': 'Abgemeldet',
  'auth.sign_in_failed': 'Anmeldung fehlgeschlagen',
  'auth.locked': 'Konto gesperrt',
  'user.created': 'Benutzer angelegt',
  'user.unlocked': 'Benutzer entsperrt',
  'user.role_changed': 'Rolle geändert',
  'user.password_set': 'Passwort neu gesetzt',
};
/** Prefix searches the API understands (`review.*`). */
const AUDIT_ACTION_GROUPS = [
  ['review.*', 'Prüfung im Vorgang (alle)'],
  ['auth.*', 'Anmeldung (alle)'],
  ['user.*', 'Benutzerverwaltung (alle)'],
  ['reply.*', 'Antworten (alle)'],
];
const RESULT_STATUS_LABELS = { processed: 'ausgewertet', failed: 'nicht lesbar' };
const SIGNATURE_LABELS = { present: 'vorhanden', absent: 'fehlt' };
const MEMBER_MATCH_LABELS = { confirmed: 'bestätigt', rejected: 'abgelehnt' };

const flagLabel = (flag) => FLAG_LABELS[flag] ?? flag;
/** `body`, `page:2`, `form:street`, `attachment:Scan.pdf` → German. */
function sourceLabel(source) {
  if (!source) return null;
  if (SOURCE_LABELS[source]) return SOURCE_LABELS[source];
  const [kind, rest] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
  if (kind === 'page') return `Seite ${rest}`;
  if (kind === 'form') return `Formularfeld ${FORM_FIELD_LABELS[rest] ?? rest}`;
  if (kind === 'attachment') return `Anhang ${rest}`;
  return source;
}
const channelLabel = (channel) => CHANNEL_LABELS[channel] ?? channel ?? '–';
const isSupervisor = (user) => user && (user.role === 'supervisor' || user.role === 'admin');
const isAdmin = (user) => user && user.role === 'admin';
const roleLabel = (role) => ROLE_LABELS[role] ?? role;

const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });
function formatDate(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dateTime.format(d);
}
function formatAge(iso) {
  const ms = Date.now() - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return '–';
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return 'unter 1 Std.';
  if (hours < 48) return `${hours} Std.`;
  return `${Math.floor(hours / 24)} Tage`;
}
function formatConfidence(c) {
  return typeof c === 'number' ? `${Math.round(c * 100)} %` : '–';
}
function formatAddress(a) {
  if (!a) return null;
  if (typeof a === 'string') return a;
  const line2 = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.name, a.street, line2].filter(Boolean).join(', ');
}
const dateTimeSeconds = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Berlin' });
function formatDateSeconds(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso ?? '–') : dateTimeSeconds.format(d);
}
function shortId(id) {
  return String(id).slice(0, 8);
}

// ---------------------------------------------------------------------------------------------
// DOM helpers (text only: no innerHTML anywhere)

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (value === true) el.setAttribute(key, '');
      else el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}
const $ = (sel) => document.querySelector(sel);
let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

// ---------------------------------------------------------------------------------------------
// Messages

let sayTimer;
function say(message) {
  const status = $('#status');
  status.textContent = '';
  clearTimeout(sayTimer);
  // A fresh text node after clearing, so the same message is announced again; it goes after a
  // while so that it does not take room on a small screen.
  sayTimer = setTimeout(() => {
    status.textContent = message;
    sayTimer = setTimeout(() => (status.textContent = ''), 12_000);
  }, 30);
}
function alertError(message) {
  const box = $('#alert');
  box.textContent = message;
}
function clearAlert() {
  $('#alert').textContent = '';
}

class ApiError extends Error {
  constructor(status, code, message, retryAfter, details) {
    super(message ?? code);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    this.details = details;
  }
}

/** The German message for a failed request. */
function germanError(err) {
  if (!(err instanceof ApiError)) return 'Unerwarteter Fehler in der Oberfläche. Bitte laden Sie die Seite neu.';
  const code = err.code ?? '';
  if (err.status === 0) return 'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.';
  if (code === 'auth.invalid') return 'Benutzername oder Passwort ist falsch.';
  if (code === 'auth.locked' || err.status === 423)
    return 'Dieses Konto ist nach mehreren Fehlversuchen vorübergehend gesperrt. Bitte versuchen Sie es später erneut oder wenden Sie sich an die Teamleitung.';
  if (err.status === 429) {
    const s = Number.parseInt(err.retryAfter ?? '', 10);
    return Number.isFinite(s) ? `Zu viele Versuche. Bitte warten Sie ${s} Sekunden und versuchen Sie es dann erneut.` : 'Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.';
  }
  if (code === 'review.claimed') {
    const who = err.details?.assignee;
    return who ? `Dieser Vorgang wurde bereits von ${who} übernommen. Sie können ihn nicht bearbeiten.` : 'Dieser Vorgang wurde bereits von einer anderen Person übernommen. Sie können ihn nicht bearbeiten.';
  }
  if (code === 'review.not_claimed' || code === 'review.not_assignee') return 'Bitte übernehmen Sie den Vorgang, bevor Sie ihn bearbeiten.';
  if (code === 'review.closed') return 'Dieser Vorgang ist bereits abgeschlossen.';
  if (code === 'review.stale') return 'Der Vorgang wurde inzwischen neu bewertet. Die Ansicht wurde aktualisiert; bitte wiederholen Sie Ihre Änderung.';
  if (code === 'review.not_correctable') return 'Dieser Eingang konnte nicht gelesen werden; es gibt keine Angaben zu korrigieren. Bitte bearbeiten Sie ihn anhand des Originals.';
  if (code === 'review.reply_route_unavailable') return 'Dieser Antwortweg ist hier nicht möglich: Portal nur für zugeordnete Mitglieder mit Portalkonto, Post nur mit bekannter Postanschrift.';
  if (code === 'review.not_closed') return 'Die Antwort wird erst beim Abschließen des Vorgangs erstellt. Bitte schließen Sie den Vorgang zuerst ab.';
  if (code === 'review.reply_channel') return 'Als Antwortweg sind nur Post und Portal möglich.';
  if (code === 'review.undecided') return 'Dieser Eingang wird noch ausgewertet. Bitte versuchen Sie es in einigen Sekunden erneut.';
  if (code === 'review.not_found') return 'Der Vorgang wurde nicht gefunden.';
  if (code === 'review.page_not_found' || code === 'review.page_unavailable') return 'Die Seite kann nicht angezeigt werden.';
  if (code === 'users.not_found') return 'Einen Benutzer mit diesem Namen gibt es nicht.';
  if (code === 'users.exists') return 'Einen Benutzer mit diesem Namen gibt es bereits. Bitte wählen Sie einen anderen Namen.';
  if (code === 'users.weak_password') return 'Das Passwort ist zu schwach: Es braucht mindestens 12 Zeichen und darf nicht mit einem Leerzeichen beginnen oder enden.';
  if (code === 'users.invalid_username') return 'Der Benutzername braucht 2 bis 64 Zeichen: Buchstaben, Ziffern, Punkt, Unterstrich, @ oder Bindestrich, am Anfang ein Buchstabe oder eine Ziffer.';
  if (code === 'users.invalid_role') return 'Bitte wählen Sie eine der Rollen Sachbearbeitung, Teamleitung oder Administration.';
  if (code === 'users.last_admin') return 'Das letzte Konto mit der Rolle Administration kann diese Rolle nicht abgeben. Legen Sie zuerst ein weiteres Administrationskonto an.';
  if (code === 'auth.forbidden') return 'Für diese Aktion fehlt Ihnen die Berechtigung.';
  if (code.includes('csrf')) return 'Die Sitzung ist nicht mehr gültig. Bitte laden Sie die Seite neu und melden Sie sich erneut an.';
  if (err.status === 401) return 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.';
  if (err.status === 403) return 'Für diese Aktion fehlt Ihnen die Berechtigung.';
  if (err.status === 404) return 'Der Vorgang wurde nicht gefunden. Möglicherweise wurde er inzwischen abgeschlossen.';
  if (err.status === 409) return `Der Vorgang wurde inzwischen geändert. Bitte laden Sie ihn neu. (${code})`;
  if (err.status === 415) return `Die Anfrage wurde nicht angenommen (${code}).`;
  if (err.status === 400 || err.status === 422) return `Die Eingabe wurde nicht angenommen. Bitte prüfen Sie die Angaben. (${code})`;
  if (err.status >= 500) return 'Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.';
  return `Die Aktion ist fehlgeschlagen (${code || err.status}).`;
}

// ---------------------------------------------------------------------------------------------
// API

const session = { user: null, csrfToken: null };

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store', redirect: 'error' });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = data && typeof data === 'object' ? data.error ?? {} : {};
    throw new ApiError(res.status, e.code ?? `http.${res.status}`, e.message, res.headers.get('Retry-After'), e);
  }
  return data;
}

/** Runs an action, showing its failure in German; a lapsed session leads back to sign-in. */
async function attempt(action, { keepAlert = false } = {}) {
  if (!keepAlert) clearAlert();
  try {
    return await action();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && session.user) {
      session.user = null;
      session.csrfToken = null;
      renderChrome();
      renderSignIn('Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.');
      return undefined;
    }
    alertError(germanError(err));
    if (!(err instanceof ApiError)) console.error(err);
    // Someone else changed the item (a newer result, another claim): show it as it is now.
    if (err instanceof ApiError && (err.code === 'review.stale' || err.code === 'review.claimed' || err.code === 'review.closed') && currentItem && parseRoute().name === 'item') {
      await refreshItem({ change: null, focusId: 'item-title' });
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Routing (hash based: #/korb?…, #/vorgang/<id>, #/protokoll?…, #/benutzer)

function parseRoute() {
  const hash = location.hash.replace(/^#/, '') || '/korb';
  const [path, query = ''] = hash.split('?');
  const params = new URLSearchParams(query);
  const item = /^\/vorgang\/([^/]+)$/.exec(path);
  if (item) return { name: 'item', id: decodeURIComponent(item[1]), params };
  if (path === '/protokoll') return { name: 'audit', params };
  if (path === '/benutzer') return { name: 'users', params };
  return { name: 'basket', params };
}

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

let routeToken = 0;
/** Shows the screen of the current address; `keepAlert` keeps an error on screen (a reload after a refusal). */
async function route({ keepAlert = false } = {}) {
  const token = ++routeToken;
  if (!session.user) {
    renderSignIn();
    return;
  }
  const r = parseRoute();
  markCurrentNav(r.name);
  if (r.name === 'item') await showItem(r.id, token, keepAlert);
  else if (r.name === 'audit') {
    if (isSupervisor(session.user)) await showAudit(r.params, token, keepAlert);
    else renderForbidden('Prüfprotokoll', 'Das Prüfprotokoll können nur Teamleitung und Administration einsehen.');
  } else if (r.name === 'users') {
    if (isAdmin(session.user)) await showUsers(token, { keepAlert });
    else renderForbidden('Benutzer', 'Benutzer verwalten kann nur die Administration.');
  } else await showBasket(r.params, token, keepAlert);
}

function renderForbidden(title, text) {
  document.title = `${title} – Posteingang prüfen`;
  mount(h('section', null, h('h1', null, title), h('p', { class: 'notice' }, text), h('p', null, h('a', { href: '#/korb' }, 'Zum Arbeitskorb'))));
}

/** Marks the navigation link of the screen shown (`aria-current`), for sight and screen readers. */
function markCurrentNav(name) {
  const current = { basket: 'nav-basket', audit: 'nav-audit', users: 'nav-users' }[name];
  for (const link of document.querySelectorAll('#topnav a')) {
    if (link.id === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

let firstMount = true;
function mount(view, { focusHeading = true } = {}) {
  const main = $('#main');
  main.replaceChildren(view);
  // On a new screen the heading takes focus (and is read out); not on the page's first screen,
  // where the keyboard starts at the top with the skip link.
  const initial = firstMount;
  firstMount = false;
  if (focusHeading && !initial) {
    const h1 = main.querySelector('h1');
    if (h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: false });
    }
  }
}

function renderChrome() {
  const signedIn = Boolean(session.user);
  $('#topnav').hidden = !signedIn;
  $('#whoami').hidden = !signedIn;
  // The server refuses these screens to other roles anyway; the links only spare a dead end.
  $('#nav-audit').hidden = !isSupervisor(session.user);
  $('#nav-users').hidden = !isAdmin(session.user);
  $('#nav-queues').hidden = true;
  if (signedIn) {
    $('#whoami-text').textContent = `Angemeldet: ${session.user.name} (${roleLabel(session.user.role)})`;
  }
  if (isAdmin(session.user)) showQueueLinkIfServed(session.user.name);
}

/**
 * The queue dashboard (/admin/queues) is there only when `triage serve` runs with the intake API
 * (TRIAGE_API_KEYS); otherwise that path answers 404. So the link shows once the path answers an
 * admin's session.
 */
async function showQueueLinkIfServed(name) {
  let served = false;
  try {
    const res = await fetch('/admin/queues', { method: 'HEAD', credentials: 'same-origin', cache: 'no-store' });
    served = res.ok;
  } catch {
    served = false;
  }
  if (isAdmin(session.user) && session.user.name === name) $('#nav-queues').hidden = !served;
}

// ---------------------------------------------------------------------------------------------
// Sign-in

function renderSignIn(notice) {
  document.title = 'Anmeldung – Posteingang prüfen';
  const user = h('input', { id: 'username', name: 'username', type: 'text', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'button button--primary', id: 'signin-submit' }, 'Anmelden');
  const form = h(
    'form',
    {
      class: 'signin',
      'aria-labelledby': 'signin-title',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        if (!user.value.trim() || !pass.value) {
          alertError('Bitte geben Sie Benutzername und Passwort ein.');
          (user.value.trim() ? pass : user).focus();
          return;
        }
        submit.disabled = true;
        const ok = await attempt(async () => {
          const data = await api('POST', '/api/session', { username: user.value.trim(), password: pass.value });
          session.user = data.user;
          session.csrfToken = data.csrfToken;
          return true;
        });
        submit.disabled = false;
        if (!ok) {
          pass.value = '';
          pass.focus();
          return;
        }
        renderChrome();
        say(`Angemeldet als ${session.user.name}.`);
        if (!location.hash || location.hash === '#/anmeldung') location.hash = '#/korb';
        else route();
      },
    },
    h('h1', { id: 'signin-title' }, 'Anmeldung'),
    h('p', { class: 'hint' }, 'Melden Sie sich mit Ihrem Benutzerkonto an, um Vorgänge zu prüfen.'),
    h('div', { class: 'field' }, h('label', { for: 'username' }, 'Benutzername'), user),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Passwort'), pass),
    submit,
  );
  mount(h('div', { class: 'signin-wrap' }, form));
  if (notice) alertError(notice);
}

// ---------------------------------------------------------------------------------------------
// Work basket

function basketQuery(params) {
  const q = new URLSearchParams();
  for (const key of ['flag', 'channel', 'minAgeHours', 'assignee', 'offset']) {
    const v = params.get(key);
    if (v) q.set(key, v);
  }
  return q;
}

async function showBasket(params, token, keepAlert = false) {
  document.title = 'Arbeitskorb – Posteingang prüfen';
  const q = basketQuery(params);
  const apiQuery = new URLSearchParams(q);
  apiQuery.set('limit', String(PAGE_SIZE));
  const data = await attempt(() => api('GET', `/api/basket?${apiQuery}`), { keepAlert });
  if (token !== routeToken) return;
  if (!data) {
    mount(h('section', null, h('h1', null, 'Arbeitskorb'), h('p', null, 'Der Arbeitskorb konnte nicht geladen werden.'), h('button', { type: 'button', class: 'button', onclick: () => route() }, 'Erneut versuchen')));
    return;
  }
  mount(renderBasket(data, q));
}

/**
 * Goes to `route` with the query `q` changed (empty values dropped). A change that does not set
 * the paging parameter starts again at the first page.
 */
function queryNavigator(route, q, pagingKey) {
  return (changes) => {
    const next = new URLSearchParams(q);
    for (const [k, v] of Object.entries(changes)) {
      if (v === '' || v === null || v === undefined) next.delete(k);
      else next.set(k, v);
    }
    if (!(pagingKey in changes)) next.delete(pagingKey);
    const s = next.toString();
    go(`${route}${s ? `?${s}` : ''}`);
  };
}

function renderBasket(data, q) {
  const setQuery = queryNavigator('#/korb', q, 'offset');

  const counts = data.countsByFlag ?? {};
  const activeFlag = q.get('flag') ?? '';
  const chips = h(
    'ul',
    { class: 'chips', 'aria-label': 'Anzahl je Hinweis' },
    h('li', null, h('button', { type: 'button', class: 'chip', 'aria-pressed': String(!activeFlag), onclick: () => setQuery({ flag: '' }) }, 'Alle Hinweise')),
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1] || flagLabel(a[0]).localeCompare(flagLabel(b[0]), 'de'))
      .map(([flag, n]) =>
        h(
          'li',
          null,
          h(
            'button',
            { type: 'button', class: 'chip', dataset: { flag }, 'aria-pressed': String(activeFlag === flag), onclick: () => setQuery({ flag: activeFlag === flag ? '' : flag }) },
            h('span', { class: 'chip-label' }, flagLabel(flag)),
            ' ',
            h('span', { class: 'chip-count' }, String(n)),
          ),
        ),
      ),
  );

  const flagSelect = h(
    'select',
    { id: 'filter-flag', name: 'flag' },
    h('option', { value: '' }, 'alle'),
    [...new Set([...Object.keys(FLAG_LABELS).filter((f) => f !== 'low-confidence'), ...Object.keys(counts)])].map((f) => h('option', { value: f, selected: f === activeFlag }, flagLabel(f))),
  );
  const channelSelect = h(
    'select',
    { id: 'filter-channel', name: 'channel' },
    h('option', { value: '' }, 'alle'),
    Object.entries(CHANNEL_LABELS).map(([v, l]) => h('option', { value: v, selected: v === q.get('channel') }, l)),
  );
  const ageSelect = h(
    'select',
    { id: 'filter-age', name: 'minAgeHours' },
    MIN_AGE_OPTIONS.map(([v, l]) => h('option', { value: v, selected: v === (q.get('minAgeHours') ?? '') }, l)),
  );
  const assignees = [...new Set((data.items ?? []).map((i) => i.assignee).filter((a) => a && a !== session.user.name))].sort();
  const currentAssignee = q.get('assignee') ?? '';
  if (currentAssignee && !['me', 'none'].includes(currentAssignee) && !assignees.includes(currentAssignee)) assignees.push(currentAssignee);
  const assigneeSelect = h(
    'select',
    { id: 'filter-assignee', name: 'assignee' },
    h('option', { value: '' }, 'alle'),
    h('option', { value: 'me', selected: currentAssignee === 'me' }, 'mir zugewiesen'),
    h('option', { value: 'none', selected: currentAssignee === 'none' }, 'niemandem zugewiesen'),
    assignees.map((a) => h('option', { value: a, selected: a === currentAssignee }, a)),
  );
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Arbeitskorb filtern',
      onsubmit: (event) => {
        event.preventDefault();
        setQuery({ flag: flagSelect.value, channel: channelSelect.value, minAgeHours: ageSelect.value, assignee: assigneeSelect.value });
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'filter-flag' }, 'Hinweis'), flagSelect),
    h('div', { class: 'field' }, h('label', { for: 'filter-channel' }, 'Kanal'), channelSelect),
    h('div', { class: 'field' }, h('label', { for: 'filter-age' }, 'Mindestalter'), ageSelect),
    h('div', { class: 'field' }, h('label', { for: 'filter-assignee' }, 'Bearbeiter'), assigneeSelect),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'button', id: 'filter-apply' }, 'Filter anwenden'),
      h('button', { type: 'button', class: 'button button--quiet', onclick: () => go('#/korb') }, 'Zurücksetzen'),
    ),
  );

  const items = data.items ?? [];
  const offset = Number.parseInt(q.get('offset') ?? '0', 10) || 0;
  const total = data.total ?? items.length;
  const table = items.length
    ? h(
        'table',
        { class: 'basket', id: 'basket-table' },
        h('caption', null, `${total} ${total === 1 ? 'Vorgang' : 'Vorgänge'}, älteste zuerst`),
        h(
          'thead',
          null,
          h('tr', null, ['Eingang', 'Kanal', 'Alter', 'Hinweise', 'Bearbeiter', 'Aktion'].map((t) => h('th', { scope: 'col' }, t))),
        ),
        h('tbody', null, items.map((item) => renderBasketRow(item))),
      )
    : h('p', { class: 'empty' }, 'Keine Vorgänge für diese Auswahl.');

  const pager =
    total > PAGE_SIZE
      ? h(
          'nav',
          { class: 'pager', 'aria-label': 'Seiten des Arbeitskorbs' },
          h('button', { type: 'button', class: 'button', disabled: offset <= 0, onclick: () => setQuery({ offset: String(Math.max(0, offset - PAGE_SIZE)) }) }, 'Zurück'),
          h('span', null, `${offset + 1}–${Math.min(offset + PAGE_SIZE, total)} von ${total}`),
          h('button', { type: 'button', class: 'button', disabled: offset + PAGE_SIZE >= total, onclick: () => setQuery({ offset: String(offset + PAGE_SIZE) }) }, 'Weiter'),
        )
      : null;

  return h(
    'section',
    { class: 'basket-view', 'aria-labelledby': 'basket-title' },
    h('div', { class: 'view-head' }, h('h1', { id: 'basket-title' }, 'Arbeitskorb'), h('button', { type: 'button', class: 'button button--quiet', onclick: () => route() }, 'Aktualisieren')),
    h('h2', { class: 'visually-hidden' }, 'Hinweise im Überblick'),
    chips,
    h('h2', { class: 'visually-hidden' }, 'Filter'),
    filters,
    h('h2', { class: 'visually-hidden' }, 'Vorgänge'),
    table,
    pager,
  );
}

function renderBasketRow(item) {
  const mine = item.assignee && item.assignee === session.user.name;
  let action;
  if (!item.assignee) {
    action = h(
      'button',
      {
        type: 'button',
        class: 'button button--small',
        'aria-label': `Vorgang vom ${formatDate(item.receivedAt)} übernehmen`,
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          const ok = await attempt(() => api('POST', `/api/items/${encodeURIComponent(item.intakeId)}/claim`));
          if (ok) {
            say('Vorgang übernommen.');
            go(`#/vorgang/${encodeURIComponent(item.intakeId)}`);
          } else {
            await route({ keepAlert: true });
          }
        },
      },
      'Übernehmen',
    );
  } else if (mine) action = h('span', { class: 'muted' }, 'bei Ihnen');
  else action = h('span', { class: 'muted' }, 'in Bearbeitung');
  return h(
    'tr',
    { dataset: { intakeId: item.intakeId, channel: item.channel } },
    h('td', { class: 'nowrap' }, h('a', { href: `#/vorgang/${encodeURIComponent(item.intakeId)}` }, formatDate(item.receivedAt), h('span', { class: 'visually-hidden' }, `, ${channelLabel(item.channel)} öffnen`))),
    h('td', null, channelLabel(item.channel)),
    h('td', { class: 'nowrap' }, h('time', { datetime: item.receivedAt }, formatAge(item.receivedAt))),
    h('td', null, (item.flags ?? []).length ? h('ul', { class: 'flag-list' }, item.flags.map((f) => h('li', { class: 'flag', dataset: { flag: f } }, flagLabel(f)))) : '–'),
    h('td', null, item.assignee ?? h('span', { class: 'muted' }, 'niemand')),
    h('td', null, action),
  );
}

// ---------------------------------------------------------------------------------------------
// Item view

let currentItem = null;

async function showItem(id, token, keepAlert = false) {
  document.title = 'Vorgang – Posteingang prüfen';
  const item = await attempt(() => api('GET', `/api/items/${encodeURIComponent(id)}`), { keepAlert });
  if (token !== routeToken) return;
  if (!item) {
    mount(h('section', null, h('p', null, h('a', { href: '#/korb' }, 'Zurück zum Arbeitskorb')), h('h1', null, 'Vorgang nicht verfügbar')));
    return;
  }
  currentItem = item;
  replyRetryNote = null;
  mount(renderItem(item, null));
}

/** Re-renders the item after an action, keeping focus where the user was (or on `focusId`). */
function updateItem(item, { change = undefined, focusId = null } = {}) {
  const active = document.activeElement?.id;
  const before = currentItem;
  currentItem = item;
  // `change: null` shows no change note; left out, the change is worked out here.
  const diff = change === undefined ? describeChange(before, item) : change;
  mount(renderItem(item, diff), { focusHeading: false });
  const target = (focusId && document.getElementById(focusId)) || (active && document.getElementById(active));
  if (target && !target.disabled) target.focus();
  else document.getElementById('item-title')?.focus();
}

/** Loads the item again and shows it; keeps any error message on screen (no `attempt`). */
async function refreshItem(opts) {
  if (!currentItem) return null;
  let item = null;
  try {
    item = await api('GET', `/api/items/${encodeURIComponent(currentItem.intakeId)}`);
  } catch (err) {
    if (!$('#alert').textContent) alertError(germanError(err));
    return null;
  }
  if (parseRoute().name === 'item') updateItem(item, opts);
  return item;
}

/** What changed in the decision between two versions of an item, in words (or null). */
function describeChange(before, after) {
  if (!before || !after || before.intakeId !== after.intakeId) return null;
  const parts = [];
  const fb = new Set(flagsOf(before).map((f) => f.flag));
  const fa = new Set(flagsOf(after).map((f) => f.flag));
  const gone = [...fb].filter((f) => !fa.has(f));
  const added = [...fa].filter((f) => !fb.has(f));
  if (gone.length) parts.push(`Entfallen: ${gone.map(flagLabel).join(', ')}.`);
  if (added.length) parts.push(`Neu: ${added.map(flagLabel).join(', ')}.`);
  const mb = before.member?.status;
  const ma = after.member?.status;
  if (mb !== ma) parts.push(`Mitglied: ${MEMBER_STATUS_LABELS[ma] ?? ma ?? '–'}.`);
  const ab = before.result?.authenticated;
  const aa = after.result?.authenticated;
  if (ab !== aa && aa !== undefined) parts.push(aa ? 'Identität jetzt nachgewiesen.' : 'Identität nicht mehr nachgewiesen.');
  const rb = before.reply?.channel;
  const ra = after.reply?.channel;
  if (rb !== ra) parts.push(`Antwortweg: ${REPLY_LABELS[ra] ?? ra ?? '–'}.`);
  return parts.length ? parts.join(' ') : 'Die Entscheidung ist unverändert.';
}

function flagsOf(item) {
  if (Array.isArray(item.flags)) return item.flags.map((f) => (typeof f === 'string' ? { flag: f, text: null } : f));
  return (item.result?.flags ?? []).map((f) => ({ flag: f, text: null }));
}

function canEdit(item) {
  return !item.closed && item.assignee && item.assignee === session.user.name;
}

function renderItem(item, change) {
  const editable = canEdit(item);
  const title = `${channelLabel(item.channel)} vom ${formatDate(item.receivedAt)}`;
  document.title = `${title} – Posteingang prüfen`;
  return h(
    'article',
    { class: 'item-view', 'aria-labelledby': 'item-title', dataset: { intakeId: item.intakeId } },
    h('p', { class: 'back' }, h('a', { href: '#/korb' }, '← Zurück zum Arbeitskorb')),
    h(
      'div',
      { class: 'item-head' },
      h('div', null, h('h1', { id: 'item-title', tabindex: '-1' }, title), h('p', { class: 'muted' }, `Vorgang ${shortId(item.intakeId)}`, item.source ? ` · ${item.source}` : '',
        isSupervisor(session.user) ? [' · ', h('a', { href: `#/protokoll?intakeId=${encodeURIComponent(item.intakeId)}`, id: 'item-audit-link' }, 'Prüfprotokoll des Vorgangs')] : null)),
      renderClaimBar(item),
    ),
    h(
      'div',
      { class: 'item-grid' },
      h('section', { class: 'original', 'aria-labelledby': 'original-title' }, h('h2', { id: 'original-title' }, 'Original'), renderOriginal(item)),
      h(
        'section',
        { class: 'assessment', 'aria-labelledby': 'assessment-title' },
        h('h2', { id: 'assessment-title' }, 'Auswertung'),
        !editable && !item.closed ? h('p', { class: 'notice' }, 'Übernehmen Sie den Vorgang, um Angaben zu korrigieren und Entscheidungen zu treffen.') : null,
        item.closed ? h('p', { class: 'notice' }, 'Dieser Vorgang ist abgeschlossen.') : null,
        renderDecision(item, change),
        renderFlags(item),
        renderFields(item, editable),
        renderMember(item, editable),
        renderPowerOfAttorney(item, editable),
        renderReply(item, editable),
        renderOutgoingReply(item),
        renderClose(item, editable),
      ),
    ),
  );
}

function renderClaimBar(item) {
  const id = encodeURIComponent(item.intakeId);
  const parts = [];
  if (item.closed) parts.push(h('span', { class: 'badge badge--closed' }, 'Abgeschlossen'));
  parts.push(h('span', { id: 'assignee-text' }, item.assignee ? `Bearbeiter: ${item.assignee === session.user.name ? 'Sie' : item.assignee}` : 'Noch niemandem zugewiesen'));
  if (!item.closed && !item.assignee) {
    parts.push(
      h('button', { type: 'button', id: 'claim', class: 'button button--primary', onclick: async () => {
        const ok = await attempt(() => api('POST', `/api/items/${id}/claim`));
        if (ok) {
          say('Vorgang übernommen. Sie können ihn jetzt bearbeiten.');
          await refreshItem({ change: null, focusId: 'release' });
        }
      } }, 'Übernehmen'),
    );
  }
  if (!item.closed && item.assignee === session.user.name) {
    parts.push(
      h('button', { type: 'button', id: 'release', class: 'button', onclick: async () => {
        const ok = await attempt(() => api('POST', `/api/items/${id}/release`));
        if (ok !== undefined) {
          say('Vorgang freigegeben.');
          await refreshItem({ change: null, focusId: 'claim' });
        }
      } }, 'Freigeben'),
    );
  }
  if (!item.closed && isSupervisor(session.user)) {
    const input = h('input', { id: 'assign-user', name: 'username', type: 'text', autocomplete: 'off', required: true, size: '14' });
    parts.push(
      h('form', { class: 'assign', onsubmit: async (event) => {
        event.preventDefault();
        const username = input.value.trim();
        if (!username) return alertError('Bitte geben Sie den Benutzernamen ein.');
        const ok = await attempt(() => api('POST', `/api/items/${id}/assign`, { username }));
        if (ok !== undefined) {
          say(`Vorgang ${username} zugewiesen.`);
          await refreshItem({ change: null, focusId: 'assign-user' });
        }
      } }, h('label', { for: 'assign-user' }, 'Zuweisen an'), input, h('button', { type: 'submit', class: 'button' }, 'Zuweisen')),
    );
  }
  return h('div', { class: 'claim-bar' }, parts);
}

// --- the original ----------------------------------------------------------------------------

function renderOriginal(item) {
  const o = item.original;
  if (!o) return h('p', { class: 'muted' }, 'Das Original ist nicht gespeichert.');
  if (o.kind === 'letter') return renderLetter(item, o);
  if (o.kind === 'email') return renderEmail(o);
  if (o.kind === 'contact-form') return renderForm(o);
  if (o.kind === 'withheld') return renderWithheld(o);
  if (o.kind === 'unavailable') return h('p', { class: 'notice' }, `Das Original kann nicht angezeigt werden (${o.reason ?? 'unbekannter Grund'}).`);
  return h('p', { class: 'muted' }, 'Diese Art von Eingang kann nicht angezeigt werden.');
}

/** The original was not kept (it disclosed an authentication code): the redacted texts that were read. */
function renderWithheld(o) {
  const texts = o.texts ?? [];
  return h(
    'div',
    { class: 'withheld' },
    h('p', { class: 'notice' }, 'Das Original wurde nicht gespeichert, weil es einen Zugangscode enthielt. Angezeigt werden die gelesenen Texte; der Code ist entfernt.'),
    texts.map((t) => [h('h3', null, TEXT_ROLE_LABELS[t.role] ?? sourceLabel(t.id) ?? t.role), h('pre', { class: 'mail-text', tabindex: '0' }, t.text ?? '')]),
  );
}

function renderAttachments(list) {
  if (!list?.length) return null;
  return h(
    'div',
    { class: 'attachments' },
    h('h3', null, 'Anhänge'),
    h('ul', { class: 'plain-list' }, list.map((a) => h('li', null, a.filename ?? '(ohne Namen)', a.contentType ? h('span', { class: 'muted small' }, ` (${a.contentType}${typeof a.size === 'number' ? `, ${Math.max(1, Math.round(a.size / 1024))} KB` : ''})`) : null))),
  );
}

/** Evidence boxes per page: [{field, box}] for page n (the server's per-page list, else the evidence). */
function boxesByPage(item) {
  const pages = new Map();
  const given = item.original?.pages ?? [];
  if (given.length && given.every((p) => Array.isArray(p.boxes))) {
    for (const p of given) pages.set(p.page, p.boxes.filter((b) => b && b.box && FIELD_LABELS[b.field]));
    return pages;
  }
  for (const field of FIELD_ORDER) {
    for (const ev of item.fields?.[field]?.evidence ?? []) {
      if (!ev || !ev.box || ev.page === undefined || ev.page === null) continue;
      if (String(ev.source ?? '').startsWith('attachment:')) continue;
      const list = pages.get(ev.page) ?? [];
      list.push({ field, box: ev.box });
      pages.set(ev.page, list);
    }
  }
  return pages;
}

function renderLetter(item, o) {
  const pages = o.pages ?? [];
  if (!pages.length) return h('p', { class: 'muted' }, 'Für diesen Brief sind keine Seitenbilder gespeichert (z. B. weil ein Zugangscode offengelegt wurde).');
  const boxes = boxesByPage(item);
  return h(
    'div',
    { class: 'letter' },
    h('div', { class: 'letter-tools' }, fieldLegend(), zoomButton()),
    pages.map((p) => renderPageFigure(p, pages.length, boxes.get(p.page) ?? [], 'des Briefs')),
  );
}

/** One page image with its boxes; `of` names the document in the image's text ("des Briefs"). */
function renderPageFigure(p, total, list, of) {
  const marked = [...new Set(list.map((b) => FIELD_LABELS[b.field]))];
  return h(
    'figure',
    { class: 'page', dataset: { page: String(p.page) } },
    h(
      'div',
      { class: 'page-frame' },
      h('img', { src: p.url, alt: `Seite ${p.page} von ${total} ${of}`, width: p.width, height: p.height, decoding: 'async' }),
      h('div', { class: 'page-boxes', 'aria-hidden': 'true' }, list.map((b) => renderBox(b, p))),
    ),
    h('figcaption', null, `Seite ${p.page} von ${total}`, marked.length ? ` – markiert: ${marked.join(', ')}` : ' – keine Markierungen'),
  );
}

function zoomButton() {
  return h('button', {
    type: 'button', class: 'button button--small', id: 'zoom', 'aria-pressed': 'false',
    onclick: (event) => {
      const btn = event.currentTarget;
      const on = btn.getAttribute('aria-pressed') !== 'true';
      btn.setAttribute('aria-pressed', String(on));
      btn.closest('.original')?.classList.toggle('is-zoomed', on);
    },
  }, 'Seiten vergrößern');
}

const fieldLegend = () => h('ul', { class: 'legend', 'aria-label': 'Markierungen' }, FIELD_ORDER.map((f) => h('li', { class: `legend-item box--${f}` }, FIELD_LABELS[f])));

/** Scanned attachments of an email or form as page images, with the boxes of the fields read from each. */
function renderAttachmentPages(list) {
  if (!list?.length) return null;
  return h(
    'div',
    { class: 'attachment-pages letter' },
    h('h3', null, 'Gescannte Anhänge'),
    h('div', { class: 'letter-tools' }, fieldLegend(), zoomButton()),
    list.map((a) => {
      const pages = a.pages ?? [];
      const title = `Anhang ${a.part}: ${a.filename ?? '(ohne Namen)'}`;
      return h(
        'section',
        { class: 'attachment-scan', 'aria-label': title, dataset: { part: a.part } },
        h('h4', null, title),
        a.unavailable
          ? h('p', { class: 'notice' }, `Die Seiten dieses Anhangs können nicht angezeigt werden (${a.unavailable}).`)
          : pages.length
            ? pages.map((p) => renderPageFigure(p, pages.length, (p.boxes ?? []).filter((b) => b && b.box && FIELD_LABELS[b.field]), `von Anhang ${a.part}`))
            : h('p', { class: 'muted' }, 'Für diesen Anhang sind keine Seiten gespeichert.'),
      );
    }),
  );
}

function renderBox({ field, box }, page) {
  const el = h('div', { class: `box box--${field}`, dataset: { field } }, h('span', { class: 'box-label' }, FIELD_LABELS[field]));
  // Page pixels → percent of the page, so the boxes follow the image at any display size.
  // (Setting style properties from script is allowed under style-src 'self'.)
  const pct = (v, total) => `${Math.max(0, Math.min(100, (v / total) * 100))}%`;
  el.style.left = pct(box.x, page.width);
  el.style.top = pct(box.y, page.height);
  el.style.width = pct(box.width, page.width);
  el.style.height = pct(box.height, page.height);
  // The label goes beside the box (in the margin or the blank after the text), not over the
  // line above: to the right, or to the left for a box that reaches the right edge.
  const roomRight = 1 - (box.x + box.width) / page.width;
  const roomLeft = box.x / page.width;
  if (roomRight < 0.18) el.classList.add(roomLeft >= 0.18 ? 'box--label-left' : 'box--label-inside');
  return el;
}

function renderEmail(o) {
  const hd = o.headers ?? {};
  const headers = h(
    'dl',
    { class: 'mail-headers' },
    [['Von', hd.from], ['An', hd.to], ['Datum', hd.date ? formatDate(hd.date) : null], ['Betreff', hd.subject]].map(([k, v]) => [h('dt', null, k), h('dd', null, v ?? '–')]),
  );
  const textView = h('pre', { class: 'mail-text', id: 'mail-text', tabindex: '0', 'aria-label': 'Text der E-Mail' }, o.text ?? '');
  if (typeof o.html !== 'string' || !o.html) {
    return h('div', { class: 'email' }, headers, h('p', { class: 'muted' }, 'Ansicht: Text (die E-Mail hat keinen HTML-Teil).'), textView, renderAttachments(o.attachments), renderAttachmentPages(o.attachmentPages));
  }
  const holder = h('div', { class: 'mail-body' }, textView);
  const textBtn = h('button', { type: 'button', class: 'toggle', id: 'view-text', 'aria-pressed': 'true' }, 'Text');
  const htmlBtn = h('button', { type: 'button', class: 'toggle', id: 'view-html', 'aria-pressed': 'false' }, 'HTML');
  const show = (which) => {
    textBtn.setAttribute('aria-pressed', String(which === 'text'));
    htmlBtn.setAttribute('aria-pressed', String(which === 'html'));
    holder.replaceChildren(which === 'text' ? textView : emailFrame(o.html));
  };
  textBtn.addEventListener('click', () => show('text'));
  htmlBtn.addEventListener('click', () => show('html'));
  return h(
    'div',
    { class: 'email' },
    headers,
    h('div', { class: 'view-toggle', role: 'group', 'aria-label': 'Ansicht der E-Mail' }, h('span', { class: 'muted' }, 'Ansicht:'), textBtn, htmlBtn),
    holder,
    renderAttachments(o.attachments),
    renderAttachmentPages(o.attachmentPages),
  );
}

/** The email's sanitised HTML in an iframe that may not run script, load anything or navigate the page. */
function emailFrame(html) {
  const frame = document.createElement('iframe');
  // sandbox first: an empty sandbox = no scripts, no same-origin, no forms, no popups, no top navigation.
  frame.setAttribute('sandbox', '');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.setAttribute('title', 'E-Mail als HTML (bereinigt, ohne Skripte und ohne externe Inhalte)');
  frame.className = 'mail-frame';
  frame.id = 'mail-frame';
  frame.srcdoc =
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${EMAIL_FRAME_CSP}">` +
    '<meta name="referrer" content="no-referrer">' +
    `</head><body>${html}</body></html>`;
  return frame;
}

function renderValue(v) {
  if (v === null || v === undefined || v === '') return h('span', { class: 'muted' }, '–');
  if (Array.isArray(v)) {
    if (!v.length) return h('span', { class: 'muted' }, '–');
    return h('ul', { class: 'plain-list' }, v.map((x) => h('li', null, typeof x === 'object' && x ? x.name ?? x.filename ?? JSON.stringify(x) : String(x))));
  }
  if (typeof v === 'object') return h('dl', { class: 'form-fields nested' }, Object.entries(v).map(([k, x]) => [h('dt', null, FORM_FIELD_LABELS[k] ?? k), h('dd', null, renderValue(x))]));
  if (typeof v === 'boolean') return v ? 'ja' : 'nein';
  return h('span', { class: 'pre-wrap' }, String(v));
}

function renderForm(o) {
  const fields = o.fields ?? {};
  return h('div', { class: 'contact-form' },
    h('dl', { class: 'form-fields' }, Object.entries(fields).map(([k, v]) => [h('dt', null, FORM_FIELD_LABELS[k] ?? k), h('dd', null, renderValue(v))])),
    renderAttachments(o.attachments),
    renderAttachmentPages(o.attachmentPages));
}

// --- the assessment --------------------------------------------------------------------------

function yesNo(v) {
  return v ? 'ja' : 'nein';
}

function renderDecision(item, change) {
  const r = item.result ?? {};
  const flags = flagsOf(item);
  const reply = item.reply ?? r.reply ?? {};
  const member = item.member ?? r.member ?? {};
  return h(
    'section',
    { class: 'card decision', 'aria-labelledby': 'decision-title', id: 'decision' },
    h('h3', { id: 'decision-title' }, 'Entscheidung'),
    change ? h('p', { class: 'change', id: 'decision-change' }, h('strong', null, 'Neu berechnet: '), change) : null,
    r.status === 'failed' && r.error ? h('p', { class: 'notice notice--error' }, `Fehler beim Einlesen (${r.error.code}).`) : null,
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Prüfung nötig'), h('dd', { id: 'decision-review' }, yesNo(r.needsReview)),
      h('dt', null, 'Identität'), h('dd', { id: 'decision-authenticated' }, r.authenticated ? 'nachgewiesen' : 'nicht nachgewiesen'),
      h('dt', null, 'Mitglied'), h('dd', { id: 'decision-member' }, MEMBER_STATUS_LABELS[member.status] ?? member.status ?? '–'),
      h('dt', null, 'Antwortweg'), h('dd', { id: 'decision-reply' }, REPLY_LABELS[reply.channel] ?? reply.channel ?? '–'),
      h('dt', null, 'Hinweise'), h('dd', { id: 'decision-flags' }, flags.length ? flags.map((f) => flagLabel(f.flag)).join(', ') : 'keine'),
    ),
    Array.isArray(item.reasons) && item.reasons.length
      ? h('details', { class: 'reasons' }, h('summary', null, `Begründung (${item.reasons.length})`), h('ul', null, item.reasons.map((t) => h('li', null, t))))
      : null,
  );
}

function renderFlags(item) {
  const flags = flagsOf(item);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'flags-title' },
    h('h3', { id: 'flags-title' }, 'Hinweise'),
    flags.length
      ? h('ul', { class: 'flag-explanations', id: 'flag-explanations' }, flags.map((f) => h('li', { dataset: { flag: f.flag } }, h('strong', null, flagLabel(f.flag)), f.text ? h('span', null, ` – ${f.text}`) : null)))
      : h('p', { class: 'muted', id: 'flag-explanations' }, 'Keine Hinweise.'),
  );
}

function renderEvidence(list) {
  if (!list?.length) return h('p', { class: 'muted small' }, 'Keine Belege.');
  return h(
    'details',
    { class: 'evidence' },
    h('summary', null, `Belege (${list.length})`),
    h(
      'ul',
      null,
      list.map((ev) =>
        h(
          'li',
          null,
          [sourceLabel(ev.source), ev.attachment ? `(Anhang Nr. ${ev.attachment})` : null, ev.page && !String(ev.source).startsWith('page:') ? `Seite ${ev.page}` : null, ev.rule ? `Regel ${ev.rule}` : null].filter(Boolean).join(' · '),
          ev.snippet ? [h('br'), h('q', { class: 'snippet' }, ev.snippet)] : null,
        ),
      ),
    ),
  );
}

function fieldValueText(field, value) {
  if (field === 'signature') return value === true ? 'vorhanden' : value === false ? 'nicht gefunden' : '–';
  if (field === 'address') return formatAddress(value) ?? '–';
  return value ?? '–';
}

function renderFields(item, editable) {
  const fields = item.fields ?? {};
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'fields-title' },
    h('h3', { id: 'fields-title' }, 'Ausgelesene Angaben'),
    item.fields === null ? h('p', { class: 'muted small' }, 'Der Eingang konnte nicht gelesen werden; es gibt keine ausgelesenen Angaben.') : null,
    FIELD_ORDER.map((name) => {
      const f = fields[name] ?? { value: null, confidence: null, evidence: [] };
      const card = h(
        'section',
        { class: `field-card box--${name}`, id: `field-${name}`, 'aria-labelledby': `field-${name}-title`, dataset: { field: name } },
        h('div', { class: 'field-head' },
          h('h4', { id: `field-${name}-title` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), FIELD_LABELS[name]),
          h('span', { class: 'confidence', title: 'Sicherheit der Erkennung' }, `Sicherheit: ${formatConfidence(f.confidence)}`),
        ),
        h('p', { class: 'field-value', id: `field-${name}-value` }, fieldValueText(name, f.value),
          name === 'insuranceNumber' && f.value && typeof fields.insuranceNumberValid === 'boolean'
            ? h('span', { class: fields.insuranceNumberValid ? 'check check--ok' : 'check check--bad' }, fields.insuranceNumberValid ? ' (Prüfziffer stimmt)' : ' (Prüfziffer falsch)')
            : null),
        renderEvidence(f.evidence),
        name === 'signature' ? renderSignatureActions(item, editable && item.fields !== null) : editable && item.fields !== null ? renderCorrection(item, name, f.value) : null,
      );
      // Point at the field's boxes on the page while the field is hovered or focused.
      const mark = (on) => document.querySelectorAll(`.box[data-field="${name}"]`).forEach((b) => b.classList.toggle('is-active', on));
      card.addEventListener('mouseenter', () => mark(true));
      card.addEventListener('mouseleave', () => mark(false));
      card.addEventListener('focusin', () => mark(true));
      card.addEventListener('focusout', () => mark(false));
      return card;
    }),
  );
}

function renderCorrection(item, field, value) {
  const id = encodeURIComponent(item.intakeId);
  const label = FIELD_LABELS[field];
  const submitId = `correct-${field}-submit`;
  let inputs;
  let read;
  if (field === 'address') {
    const a = value && typeof value === 'object' ? value : {};
    const street = h('input', { id: 'correct-address-street', name: 'street', type: 'text', value: a.street ?? '', autocomplete: 'off', required: true });
    const postalCode = h('input', { id: 'correct-address-postalCode', name: 'postalCode', type: 'text', value: a.postalCode ?? '', inputmode: 'numeric', pattern: '[0-9]{5}', maxlength: '5', size: '6', autocomplete: 'off', required: true });
    const city = h('input', { id: 'correct-address-city', name: 'city', type: 'text', value: a.city ?? '', autocomplete: 'off', required: true });
    inputs = [
      h('div', { class: 'field' }, h('label', { for: street.id }, 'Straße und Hausnummer'), street),
      h('div', { class: 'field-row' },
        h('div', { class: 'field' }, h('label', { for: postalCode.id }, 'PLZ'), postalCode),
        h('div', { class: 'field grow' }, h('label', { for: city.id }, 'Ort'), city)),
    ];
    read = () => {
      const v = { street: street.value.trim(), postalCode: postalCode.value.trim(), city: city.value.trim() };
      if (!v.street || !v.city || !/^\d{5}$/.test(v.postalCode)) return { error: 'Bitte geben Sie Straße, eine fünfstellige PLZ und den Ort an.', focus: !v.street ? street : !/^\d{5}$/.test(v.postalCode) ? postalCode : city };
      return { value: v };
    };
  } else {
    const isNumber = field === 'insuranceNumber';
    const input = h('input', {
      id: `correct-${field}`, name: field, type: 'text', value: typeof value === 'string' ? value : '', autocomplete: 'off', required: true,
      spellcheck: 'false',
      ...(isNumber ? { maxlength: '12', size: '14', autocapitalize: 'characters', 'aria-describedby': `correct-${field}-hint` } : {}),
    });
    inputs = [
      h('div', { class: 'field' }, h('label', { for: input.id }, `${label} (korrigiert)`), input,
        isNumber ? h('span', { class: 'hint small', id: `correct-${field}-hint` }, 'Ein Großbuchstabe und neun Ziffern, z. B. A123456789.') : null),
    ];
    read = () => {
      let v = input.value.trim();
      if (isNumber) v = v.replace(/\s+/g, '').toUpperCase();
      if (!v) return { error: `Bitte geben Sie ${label === 'Name' ? 'den Namen' : 'die Versichertennummer'} ein.`, focus: input };
      if (isNumber && !/^[A-Z]\d{9}$/.test(v)) return { error: 'Die Versichertennummer besteht aus einem Großbuchstaben und neun Ziffern.', focus: input };
      return { value: v };
    };
  }
  return h(
    'details',
    { class: 'correction', id: `correct-${field}-details` },
    h('summary', { id: `correct-${field}-summary` }, `${label} korrigieren`),
    h('form', {
      class: 'correction-form',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const r = read();
        if (r.error) {
          alertError(r.error);
          r.focus.focus();
          return;
        }
        const button = event.currentTarget.querySelector('button[type=submit]');
        button.disabled = true;
        const updated = await attempt(() => api('POST', `/api/items/${id}/corrections`, { field, value: r.value }));
        button.disabled = false;
        if (updated) {
          const change = describeChange(currentItem, updated);
          say(`${label} korrigiert. Die Entscheidung wurde neu berechnet. ${change ?? ''}`);
          updateItem(updated, { change, focusId: 'decision-title' });
          document.getElementById('decision')?.scrollIntoView({ block: 'nearest' });
        }
      },
    }, inputs, h('button', { type: 'submit', class: 'button button--primary', id: submitId }, 'Korrektur speichern')),
  );
}

/** Buttons for a decision (`body` posted to /decisions); pressed shows the recorded state. */
function decisionButton(item, { id, label, body, pressed, done, editable }) {
  return h('button', {
    type: 'button', id, class: 'button', 'aria-pressed': String(Boolean(pressed)), disabled: !editable,
    onclick: async () => {
      const updated = await attempt(() => api('POST', `/api/items/${encodeURIComponent(item.intakeId)}/decisions`, body));
      if (updated) {
        const change = describeChange(currentItem, updated);
        say(`${done} ${change ?? ''}`);
        updateItem(updated, { change, focusId: id });
      }
    },
  }, label);
}

function renderSignatureActions(item, editable) {
  const s = item.review?.signature ?? null;
  return h(
    'div',
    { class: 'actions', role: 'group', 'aria-label': 'Unterschrift beurteilen' },
    decisionButton(item, { id: 'signature-present', label: 'Unterschrift vorhanden', body: { signature: 'present' }, pressed: s === 'present', done: 'Unterschrift als vorhanden vermerkt.', editable }),
    decisionButton(item, { id: 'signature-absent', label: 'Unterschrift fehlt', body: { signature: 'absent' }, pressed: s === 'absent', done: 'Unterschrift als fehlend vermerkt.', editable }),
    s ? h('span', { class: 'muted small' }, `Geprüft: ${s === 'present' ? 'vorhanden' : 'fehlt'}`) : null,
  );
}

function renderMember(item, editable) {
  const m = item.member ?? item.result?.member ?? {};
  const decided = item.review?.memberMatch ?? null;
  const facts = [];
  const add = (k, v) => v !== undefined && v !== null && v !== '' && facts.push(h('dt', null, k), h('dd', null, v));
  const reg = m.registered ?? null;
  add('Status', MEMBER_STATUS_LABELS[m.status] ?? m.status);
  add('Versichertennummer', m.insuranceNumber);
  if (reg) {
    add('Name laut Verzeichnis', reg.name);
    add('Anschrift laut Verzeichnis', formatAddress({ street: reg.street, postalCode: reg.postalCode, city: reg.city }));
    if (typeof reg.portalAccount === 'boolean') add('Portalkonto', yesNo(reg.portalAccount));
  }
  add('Prüfung', decided === 'confirmed' ? 'Zuordnung bestätigt' : decided === 'rejected' ? 'Zuordnung abgelehnt' : null);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'member-title', id: 'member' },
    h('h3', { id: 'member-title' }, 'Mitgliedszuordnung'),
    h('dl', { class: 'facts', id: 'member-facts' }, facts),
    h('div', { class: 'actions', role: 'group', 'aria-label': 'Mitgliedszuordnung' },
      decisionButton(item, { id: 'member-confirm', label: 'Zuordnung bestätigen', body: { memberMatch: 'confirmed' }, pressed: decided === 'confirmed', done: 'Mitgliedszuordnung bestätigt.', editable: editable && Boolean(m.insuranceNumber) }),
      decisionButton(item, { id: 'member-reject', label: 'Zuordnung ablehnen', body: { memberMatch: 'rejected' }, pressed: decided === 'rejected', done: 'Mitgliedszuordnung abgelehnt.', editable: editable && Boolean(m.insuranceNumber) }),
    ),
  );
}

function renderPowerOfAttorney(item, editable) {
  const checked = Boolean(item.review?.powerOfAttorneyChecked);
  const representative = flagsOf(item).some((f) => f.flag === 'representative');
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'poa-title' },
    h('h3', { id: 'poa-title' }, 'Vollmacht'),
    h('p', { class: 'small' }, checked ? 'Die Vollmacht wurde geprüft.' : representative ? 'Jemand schreibt für die versicherte Person: Bitte prüfen Sie die Vollmacht.' : 'Kein Hinweis auf eine Vertretung.'),
    decisionButton(item, { id: 'poa-checked', label: 'Vollmacht geprüft', body: { powerOfAttorneyChecked: true }, pressed: checked, done: 'Vollmacht als geprüft vermerkt.', editable: editable && !checked }),
  );
}

function renderReply(item, editable) {
  const reply = item.reply ?? item.result?.reply ?? {};
  const id = encodeURIComponent(item.intakeId);
  const current = reply.channel === 'post' || reply.channel === 'portal' ? reply.channel : null;
  const radio = (value, label) => {
    const input = h('input', { type: 'radio', name: 'reply-channel', id: `reply-${value}`, value, checked: current === value, disabled: !editable });
    return h('div', { class: 'radio' }, input, h('label', { for: input.id }, label));
  };
  const addr = formatAddress(reply.address);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'reply-title', id: 'reply' },
    h('h3', { id: 'reply-title' }, 'Antwortweg'),
    h('p', { id: 'reply-proposal' }, h('strong', null, reply.chosenBy === 'case-worker' ? 'Gewählt: ' : 'Vorschlag: '), REPLY_LABELS[reply.channel] ?? reply.channel ?? '–', addr ? ` an ${addr}` : ''),
    h('form', {
      class: 'reply-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const chosen = event.currentTarget.querySelector('input[name="reply-channel"]:checked')?.value;
        if (chosen !== 'post' && chosen !== 'portal') {
          alertError('Bitte wählen Sie Post oder Portal als Antwortweg.');
          document.getElementById('reply-post')?.focus();
          return;
        }
        const res = await attempt(() => api('POST', `/api/items/${id}/reply-route`, { channel: chosen }));
        if (res !== undefined) {
          say(`Antwortweg ${REPLY_LABELS[chosen]} festgelegt.`);
          if (res && res.intakeId) updateItem(res, { focusId: 'reply-submit' });
          else await refreshItem({ focusId: 'reply-submit' });
        }
      },
    },
    h('fieldset', { disabled: !editable },
      h('legend', null, 'Antwort senden per'),
      radio('post', 'Post'),
      radio('portal', 'Portal (Online-Postfach)'),
      h('p', { class: 'hint small' }, 'Eine Antwort per E-Mail ist nicht zulässig.'),
      h('button', { type: 'submit', class: 'button', id: 'reply-submit' }, 'Antwortweg festlegen')),
    ),
  );
}

const REPLY_CHANNEL_WAYS = { post: 'Brief (Post)', portal: 'Online-Postfach (Portal)' };
const REPLY_STATUS_LABELS = { pending: 'wartet auf Zustellung', delivered: 'zugestellt', failed: 'fehlgeschlagen' };
/** Delivery error codes of the reply adapters (src/outbox/reply-adapters.ts), in plain words. */
const REPLY_ERROR_TEXTS = {
  'outbox.folder_unwritable': 'Der Brief konnte nicht im Druckordner abgelegt werden (Ordner fehlt, ist nicht beschreibbar oder voll). Der Betrieb muss den Ordner prüfen; danach hilft ein neuer Versuch.',
  'outbox.portal_unavailable': 'Das Online-Postfach war nicht erreichbar oder hat nicht rechtzeitig geantwortet. Ein neuer Versuch später kann helfen.',
  'outbox.portal_unauthorized': 'Das Online-Postfach hat den Zugang dieses Servers abgelehnt. Bitte informieren Sie den Betrieb und beantworten Sie den Vorgang per Brief.',
  'outbox.portal_redirected': 'Das Online-Postfach hat auf eine andere Adresse umgeleitet; dorthin wird aus Sicherheitsgründen nichts geschickt. Bitte informieren Sie den Betrieb und beantworten Sie den Vorgang per Brief.',
  'outbox.portal_rejected': 'Das Online-Postfach hat die Antwort abgelehnt (z. B. unbekanntes Mitglied oder kein Portalkonto). Bitte beantworten Sie den Vorgang per Brief.',
  'outbox.portal_no_member': 'Für das Online-Postfach fehlt ein zugeordnetes Mitglied. Bitte beantworten Sie den Vorgang per Brief.',
  'outbox.delivery_error': 'Bei der Zustellung ist ein unerwarteter Fehler aufgetreten.',
};

/** The server's reason for having no secure reply route (review-model.ts), in German. */
function replyProblemText(problem) {
  if (!problem) return null;
  const p = String(problem);
  if (p.includes('failed before it was read')) return 'Der Eingang konnte nicht gelesen werden; er muss von Hand beantwortet werden.';
  const chosen = /chosen route (post|portal) is no longer possible/.exec(p);
  const prefix = chosen ? `Der gewählte Antwortweg ${chosen[1] === 'post' ? 'Post' : 'Portal'} ist nicht mehr möglich: ` : '';
  if (p.includes('portal needs a matched member')) return `${prefix}Das Portal setzt ein zugeordnetes Mitglied mit Portalkonto voraus.`;
  if (p.includes('complete postal address')) return `${prefix}Für einen Brief fehlt eine vollständige Postanschrift (Straße, Postleitzahl, Ort).`;
  if (p.includes('post needs a registered or written postal address')) return `${prefix}Für einen Brief fehlt eine im Bestand gespeicherte oder im Schreiben angegebene Postanschrift.`;
  if (p.includes('no secure reply route')) return 'Kein sicherer Antwortweg: kein zugeordnetes Mitglied mit Portalkonto und keine im Bestand gespeicherte oder im Schreiben angegebene Postanschrift. Eine Antwort per E-Mail ist nicht zulässig.';
  return `Grund (technisch): ${p}`;
}

/** One sentence on the reply, for the status message after closing or a retry. */
function replySummary(out) {
  if (!out) return '';
  if (out.made) {
    const way = out.channel === 'portal' ? 'ins Online-Postfach' : 'per Brief';
    if (out.status === 'delivered') return `Die Antwort ${way} ist zugestellt.`;
    if (out.status === 'failed') return `Die Antwort ${way} konnte nicht zugestellt werden.`;
    return out.errorCode ? `Die Antwort ${way} wartet; der letzte Zustellversuch ist fehlgeschlagen.` : `Die Antwort ${way} wartet auf Zustellung.`;
  }
  if (out.reason === 'no-secure-route') return 'Es wurde keine Antwort erstellt, weil es keinen sicheren Antwortweg gibt.';
  if (out.reason === 'not-made') return 'Die Antwort ist noch nicht erstellt.';
  return '';
}

/** The note under the reply block after "Zustellung erneut versuchen", until another item is shown. */
let replyRetryNote = null;

/** The item's reply itself: by which way it went or goes, how far it got, or why there is none. */
function renderOutgoingReply(item) {
  const out = item.outgoingReply;
  if (!out) return null;
  const id = encodeURIComponent(item.intakeId);
  const facts = [];
  const texts = [];
  if (out.made) {
    facts.push(['Weg', h('span', { id: 'outgoing-reply-channel' }, REPLY_CHANNEL_WAYS[out.channel] ?? out.channel)]);
    const status = REPLY_STATUS_LABELS[out.status] ?? out.status;
    facts.push(['Stand', h('span', { id: 'outgoing-reply-status', class: `reply-status reply-status--${out.status}` }, out.status === 'delivered' && out.deliveredAt ? `${status} am ${formatDate(out.deliveredAt)}` : status)]);
    facts.push(['Erstellt', formatDate(out.madeAt)]);
    facts.push(['Zustellversuche', String(out.attempts ?? 0)]);
    if (out.errorCode) {
      texts.push(h('p', { id: 'outgoing-reply-error', class: out.status === 'failed' ? 'notice notice--error' : 'notice' },
        h('strong', null, out.status === 'failed' ? 'Zustellung endgültig fehlgeschlagen: ' : 'Letzter Zustellversuch fehlgeschlagen: '),
        REPLY_ERROR_TEXTS[out.errorCode] ?? 'Der Grund ist in der Oberfläche nicht beschrieben.',
        h('span', { class: 'muted small' }, ` (${out.errorCode})`)));
    } else if (out.status === 'pending') {
      texts.push(h('p', { class: 'small', id: 'outgoing-reply-note' }, out.channel === 'portal'
        ? 'Die Antwort liegt im Postausgang und wird an das Online-Postfach übergeben, sobald es angebunden ist.'
        : 'Der Brief liegt im Postausgang und wird an die Druckstelle übergeben.'));
    }
  } else if (out.reason === 'awaiting-close') {
    texts.push(h('p', { id: 'outgoing-reply-none' }, 'Noch keine Antwort: Sie wird beim Abschließen des Vorgangs auf dem Antwortweg erstellt.'));
    if (out.problem) texts.push(h('p', { class: 'notice', id: 'outgoing-reply-problem' }, h('strong', null, 'Derzeit würde keine Antwort erstellt. '), replyProblemText(out.problem)));
  } else if (out.reason === 'no-secure-route') {
    texts.push(h('p', { id: 'outgoing-reply-none' }, 'Keine Antwort erstellt: Es gibt keinen sicheren Antwortweg. Bitte beantworten Sie den Eingang auf anderem Weg.'));
    if (out.problem) texts.push(h('p', { class: 'notice', id: 'outgoing-reply-problem' }, replyProblemText(out.problem)));
  } else if (out.reason === 'not-made') {
    texts.push(h('p', { id: 'outgoing-reply-none' }, 'Die Antwort ist noch nicht erstellt (das Abschließen wurde unterbrochen). Sie können sie jetzt erstellen und zustellen lassen.'));
  }
  const retryable = item.closed && ((out.made && out.status === 'pending') || (!out.made && out.reason === 'not-made'));
  const note = replyRetryNote && replyRetryNote.intakeId === item.intakeId ? replyRetryNote.text : null;
  return h(
    'section',
    { class: 'card outgoing-reply', 'aria-labelledby': 'outgoing-reply-title', id: 'outgoing-reply' },
    h('h3', { id: 'outgoing-reply-title', tabindex: '-1' }, 'Antwort'),
    facts.length ? h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])) : null,
    texts,
    retryable
      ? h('button', {
          type: 'button', id: 'reply-retry', class: 'button',
          onclick: async (event) => {
            const button = event.currentTarget;
            button.disabled = true;
            const res = await attempt(() => api('POST', `/api/items/${id}/reply`));
            if (res && res.intakeId) {
              const text = `Zustellung erneut versucht: ${replySummary(res.outgoingReply)}`;
              replyRetryNote = { intakeId: res.intakeId, text };
              say(text);
              updateItem(res, { change: null, focusId: 'outgoing-reply-title' });
            } else button.disabled = false;
          },
        }, 'Zustellung erneut versuchen')
      : null,
    note ? h('p', { class: 'small', id: 'outgoing-reply-retry-result' }, note) : null,
  );
}

function renderClose(item, editable) {
  const id = encodeURIComponent(item.intakeId);
  return h(
    'section',
    { class: 'card close-card', 'aria-labelledby': 'close-title' },
    h('h3', { id: 'close-title' }, 'Abschluss'),
    h('button', {
      type: 'button', id: 'close-item', class: 'button button--primary', disabled: !editable,
      onclick: async (event) => {
        const button = event.currentTarget;
        button.disabled = true;
        const res = await attempt(() => api('POST', `/api/items/${id}/close`));
        if (res !== undefined) {
          // The view stays, so the case worker sees the reply the close made (or why none).
          say(`Vorgang abgeschlossen. ${replySummary(res.outgoingReply)}`);
          updateItem(res, { change: null, focusId: 'outgoing-reply-title' });
        } else button.disabled = false;
      },
    }, 'Vorgang abschließen'),
  );
}

// ---------------------------------------------------------------------------------------------
// Audit log (supervisors and admins)

const INTAKE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function auditQuery(params) {
  const q = new URLSearchParams();
  for (const key of ['user', 'intakeId', 'action', 'from', 'to', 'before']) {
    const v = params.get(key);
    if (v) q.set(key, v);
  }
  return q;
}

/**
 * A datetime-local value (`2026-03-01T09:30`, the browser's time zone) as ISO time, or null. The
 * end of a range takes in its whole minute, so "bis 09:30" finds what happened at 09:30:40.
 */
function localToIso(value, { endOfMinute = false } = {}) {
  const d = new Date(value);
  if (!value || Number.isNaN(d.getTime())) return null;
  const extra = endOfMinute && /T\d{2}:\d{2}$/.test(value) ? 59_999 : 0;
  return new Date(d.getTime() + extra).toISOString();
}

async function showAudit(params, token, keepAlert = false) {
  document.title = 'Prüfprotokoll – Posteingang prüfen';
  const q = auditQuery(params);
  const apiQuery = new URLSearchParams();
  for (const key of ['user', 'intakeId', 'action', 'before']) if (q.get(key)) apiQuery.set(key, q.get(key));
  if (q.get('from')) apiQuery.set('from', localToIso(q.get('from')) ?? q.get('from'));
  if (q.get('to')) apiQuery.set('to', localToIso(q.get('to'), { endOfMinute: true }) ?? q.get('to'));
  // One more than shown: tells whether older entries follow (the API gives no total).
  apiQuery.set('limit', String(AUDIT_PAGE_SIZE + 1));
  const data = await attempt(() => api('GET', `/api/audit?${apiQuery}`), { keepAlert });
  if (token !== routeToken) return;
  if (!data) {
    mount(h('section', null, h('h1', null, 'Prüfprotokoll'), h('p', null, 'Das Prüfprotokoll konnte nicht geladen werden.'), h('button', { type: 'button', class: 'button', onclick: () => route() }, 'Erneut versuchen')));
    return;
  }
  mount(renderAudit(data.events ?? [], q));
}

function renderAudit(events, q) {
  const setQuery = queryNavigator('#/protokoll', q, 'before');

  const action = q.get('action') ?? '';
  const known = Object.hasOwn(AUDIT_ACTION_LABELS, action) || AUDIT_ACTION_GROUPS.some(([v]) => v === action);
  const userInput = h('input', { id: 'audit-user', name: 'user', type: 'text', value: q.get('user') ?? '', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', size: '16' });
  const itemInput = h('input', {
    id: 'audit-item', name: 'intakeId', type: 'text', value: q.get('intakeId') ?? '', autocomplete: 'off', spellcheck: 'false', size: '36', 'aria-describedby': 'audit-item-hint',
  });
  const actionSelect = h(
    'select',
    { id: 'audit-action', name: 'action' },
    h('option', { value: '' }, 'alle'),
    h('optgroup', { label: 'Bereiche' }, AUDIT_ACTION_GROUPS.map(([v, l]) => h('option', { value: v, selected: v === action }, l))),
    h('optgroup', { label: 'Einzelne Aktionen' }, Object.entries(AUDIT_ACTION_LABELS).map(([v, l]) => h('option', { value: v, selected: v === action }, l))),
    action && !known ? h('option', { value: action, selected: true }, action) : null,
  );
  const fromInput = h('input', { id: 'audit-from', name: 'from', type: 'datetime-local', value: q.get('from') ?? '' });
  const toInput = h('input', { id: 'audit-to', name: 'to', type: 'datetime-local', value: q.get('to') ?? '' });

  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Prüfprotokoll durchsuchen',
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        const intakeId = itemInput.value.trim();
        if (intakeId && !INTAKE_ID.test(intakeId)) {
          alertError('Bitte geben Sie die vollständige Vorgangsnummer an (36 Zeichen mit Bindestrichen).');
          itemInput.focus();
          return;
        }
        // An incomplete date and time reads as empty; say so instead of searching without it.
        for (const input of [fromInput, toInput]) {
          if (!input.value && input.validity.badInput) {
            alertError('Bitte geben Sie Datum und Uhrzeit vollständig an oder leeren Sie das Feld.');
            input.focus();
            return;
          }
        }
        if (fromInput.value && toInput.value && fromInput.value > toInput.value) {
          alertError('Der Beginn des Zeitraums liegt nach seinem Ende.');
          fromInput.focus();
          return;
        }
        clearAlert();
        setQuery({ user: userInput.value.trim(), intakeId, action: actionSelect.value, from: fromInput.value, to: toInput.value });
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'audit-user' }, 'Benutzer'), userInput),
    h('div', { class: 'field' }, h('label', { for: 'audit-item' }, 'Vorgang'), itemInput,
      h('span', { class: 'hint small', id: 'audit-item-hint' }, 'Vollständige Vorgangsnummer; in jedem Vorgang führt „Prüfprotokoll des Vorgangs“ hierher.')),
    h('div', { class: 'field' }, h('label', { for: 'audit-action' }, 'Aktion'), actionSelect),
    h('div', { class: 'field' }, h('label', { for: 'audit-from' }, 'Von'), fromInput),
    h('div', { class: 'field' }, h('label', { for: 'audit-to' }, 'Bis'), toInput),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'button', id: 'audit-search' }, 'Suchen'),
      h('button', { type: 'button', class: 'button button--quiet', onclick: () => go('#/protokoll') }, 'Zurücksetzen'),
    ),
  );

  const more = events.length > AUDIT_PAGE_SIZE;
  const shown = events.slice(0, AUDIT_PAGE_SIZE);
  const paged = Boolean(q.get('before'));
  const table = shown.length
    ? h(
        'table',
        { class: 'listing audit', id: 'audit-table' },
        h('caption', null, `${shown.length} ${shown.length === 1 ? 'Eintrag' : 'Einträge'}${paged ? ' (ältere Seite)' : ''}, neueste zuerst${more ? '; ältere auf der nächsten Seite' : ''}`),
        h('thead', null, h('tr', null, ['Zeit', 'Benutzer', 'Aktion', 'Vorgang', 'Änderung'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, shown.map((e) => renderAuditRow(e))),
      )
    : h('p', { class: 'empty', id: 'audit-empty' }, 'Keine Einträge für diese Auswahl.');

  const pager =
    more || paged
      ? h(
          'nav',
          { class: 'pager', 'aria-label': 'Seiten des Prüfprotokolls' },
          h('button', { type: 'button', class: 'button', disabled: !paged, onclick: () => setQuery({}) }, 'Neueste Einträge'),
          h('button', { type: 'button', class: 'button', id: 'audit-older', disabled: !more, onclick: () => setQuery({ before: String(shown[shown.length - 1].id) }) }, 'Ältere Einträge'),
        )
      : null;

  const intakeId = q.get('intakeId');
  return h(
    'section',
    { class: 'audit-view', 'aria-labelledby': 'audit-title' },
    h('div', { class: 'view-head' },
      h('h1', { id: 'audit-title' }, 'Prüfprotokoll'),
      h('button', { type: 'button', class: 'button button--quiet', onclick: () => route() }, 'Aktualisieren'),
      intakeId && INTAKE_ID.test(intakeId) ? h('a', { href: `#/vorgang/${encodeURIComponent(intakeId)}` }, `Vorgang ${shortId(intakeId)} öffnen`) : null,
    ),
    h('p', { class: 'hint small' }, 'Wer hat wann was getan. Das Protokoll enthält keine Angaben aus den Eingängen, nur Aktionen, Feldnamen und Ergebnisse.'),
    h('h2', { class: 'visually-hidden' }, 'Suche'),
    filters,
    h('h2', { class: 'visually-hidden' }, 'Einträge'),
    table,
    pager,
  );
}

function renderAuditRow(e) {
  const details = auditDetails(e);
  return h(
    'tr',
    { dataset: { eventId: String(e.id), action: e.action, actor: e.actor, intakeId: e.intakeId ?? undefined } },
    h('td', { class: 'nowrap' }, h('time', { datetime: e.at }, formatDateSeconds(e.at))),
    h('td', null, h('a', { href: `#/protokoll?user=${encodeURIComponent(e.actor)}` }, e.actor, h('span', { class: 'visually-hidden' }, ': nur diese Person'))),
    h('td', { class: 'audit-action' }, AUDIT_ACTION_LABELS[e.action] ?? e.action),
    h('td', { class: 'nowrap' }, e.intakeId
      ? h('a', { href: `#/protokoll?intakeId=${encodeURIComponent(e.intakeId)}`, title: e.intakeId }, shortId(e.intakeId), h('span', { class: 'visually-hidden' }, ': nur dieser Vorgang'))
      : '–'),
    h('td', { class: 'audit-details' }, details.length ? h('ul', { class: 'plain-inline' }, details.map((d) => h('li', null, d))) : '–'),
  );
}

/**
 * The details of an audit event in words. Only keys known to hold codes, flags, field names,
 * numbers or user names are shown: an unknown key is left out rather than shown unchecked.
 */
function auditDetails(event) {
  const d = event.details && typeof event.details === 'object' ? event.details : {};
  const out = [];
  const flags = (list) => list.map((f) => flagLabel(String(f))).join(', ');
  const change = (label, pair, fmt) => {
    if (pair && typeof pair === 'object' && pair.before !== pair.after) out.push(`${label}: ${fmt(pair.before)} → ${fmt(pair.after)}`);
  };
  if (typeof d.field === 'string') out.push(`Feld: ${FIELD_LABELS[d.field] ?? d.field}${d.changed === false ? ' (Wert unverändert)' : ''}`);
  if (Object.hasOwn(SIGNATURE_LABELS, d.signature)) out.push(`Unterschrift: ${SIGNATURE_LABELS[d.signature]}`);
  if (Object.hasOwn(MEMBER_MATCH_LABELS, d.memberMatch)) out.push(`Mitgliedszuordnung ${MEMBER_MATCH_LABELS[d.memberMatch]}`);
  if (d.powerOfAttorneyChecked === true) out.push('Vollmacht geprüft');
  change('Mitglied', d.memberStatus, (s) => MEMBER_STATUS_LABELS[s] ?? s ?? '–');
  change('Identität', d.authenticated, (b) => (b ? 'nachgewiesen' : 'nicht nachgewiesen'));
  change('Prüfung nötig', d.needsReview, yesNo);
  change('Antwortweg', d.reply, (c) => REPLY_LABELS[c] ?? c ?? '–');
  if (Array.isArray(d.flagsAdded) && d.flagsAdded.length) out.push(`Neu: ${flags(d.flagsAdded)}`);
  if (Array.isArray(d.flagsRemoved) && d.flagsRemoved.length) out.push(`Entfallen: ${flags(d.flagsRemoved)}`);
  if (typeof d.channel === 'string') out.push(event.action === 'intake.stored' ? `Kanal: ${channelLabel(d.channel)}` : `Antwortweg: ${REPLY_LABELS[d.channel] ?? d.channel}`);
  if (typeof d.rulesChannel === 'string' && d.rulesChannel !== d.channel) out.push(`Vorschlag der Regeln: ${REPLY_LABELS[d.rulesChannel] ?? d.rulesChannel}`);
  if (typeof d.assignee === 'string') out.push(`An: ${d.assignee}`);
  if ('previousAssignee' in d) out.push(`Vorher: ${typeof d.previousAssignee === 'string' ? d.previousAssignee : 'niemand'}`);
  if (typeof d.page === 'number') out.push(`Seite ${d.page}`);
  if (typeof d.username === 'string') out.push(`Benutzer: ${d.username}`);
  if (typeof d.role === 'string') out.push(`Rolle: ${roleLabel(d.role)}`);
  if (typeof d.failuresInARow === 'number') out.push(`Fehlversuche in Folge: ${d.failuresInARow}`);
  if (typeof d.status === 'string') out.push(`Ergebnis: ${RESULT_STATUS_LABELS[d.status] ?? d.status}`);
  const code = d.errorCode ?? d.code;
  if (typeof code === 'string') out.push(`Fehlercode: ${code}`);
  if (Array.isArray(d.flags)) out.push(`Hinweise: ${d.flags.length ? flags(d.flags) : 'keine'}`);
  if (typeof d.needsReview === 'boolean') out.push(`Prüfung nötig: ${yesNo(d.needsReview)}`);
  if (d.duplicate === true) out.push('doppelt eingegangen');
  if (d.rawWithheld === true) out.push('Original nicht gespeichert');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Users (admins)

async function showUsers(token, { keepAlert = false, focusId = null } = {}) {
  document.title = 'Benutzer – Posteingang prüfen';
  const data = await attempt(() => api('GET', '/api/users'), { keepAlert });
  if (token !== routeToken) return;
  if (!data) {
    mount(h('section', null, h('h1', null, 'Benutzer'), h('p', null, 'Die Benutzer konnten nicht geladen werden.'), h('button', { type: 'button', class: 'button', onclick: () => route() }, 'Erneut versuchen')));
    return;
  }
  // After a change the list is drawn again with focus where the admin was, not on the heading.
  mount(renderUsers(data.users ?? []), { focusHeading: !focusId });
  if (focusId) document.getElementById(focusId)?.focus();
}

/** Draws the list again after a change, keeping an error message on screen. */
async function reloadUsers(focusId) {
  if (parseRoute().name !== 'users') return;
  await showUsers(++routeToken, { keepAlert: true, focusId });
}

/** After changing one's own role the session's role changed too: the screens follow it. */
async function reloadSession() {
  const data = await attempt(() => api('GET', '/api/session'), { keepAlert: true });
  if (!data) return;
  session.user = data.user;
  session.csrfToken = data.csrfToken;
  renderChrome();
  await route({ keepAlert: true });
}

const roleOptions = (selected) => Object.entries(ROLE_LABELS).map(([v, l]) => h('option', { value: v, selected: v === selected }, l));

function renderUsers(users) {
  const name = h('input', { id: 'new-user-name', name: 'username', type: 'text', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', required: true, maxlength: '64', size: '18' });
  const password = h('input', { id: 'new-user-password', name: 'password', type: 'password', autocomplete: 'new-password', required: true, size: '18', 'aria-describedby': 'new-user-password-hint' });
  const role = h('select', { id: 'new-user-role', name: 'role' }, roleOptions('caseworker'));
  const addForm = h(
    'form',
    {
      class: 'filters',
      'aria-labelledby': 'add-user-title',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const username = name.value.trim();
        if (!username || !password.value) {
          alertError('Bitte geben Sie Benutzername und Passwort ein.');
          (username ? password : name).focus();
          return;
        }
        const button = event.currentTarget.querySelector('button[type=submit]');
        button.disabled = true;
        let failure = null;
        const ok = await attempt(async () => {
          try {
            return await api('POST', '/api/users', { username, password: password.value, role: role.value });
          } catch (err) {
            failure = err;
            throw err;
          }
        });
        button.disabled = false;
        if (!ok) {
          const code = failure instanceof ApiError ? failure.code : '';
          const field = code === 'users.weak_password' ? password : code === 'users.invalid_role' ? role : name;
          field.focus();
          return;
        }
        say(`Benutzer ${username} mit der Rolle ${roleLabel(role.value)} angelegt.`);
        await reloadUsers('new-user-name');
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'new-user-name' }, 'Benutzername'), name),
    h('div', { class: 'field' }, h('label', { for: 'new-user-password' }, 'Passwort'), password,
      h('span', { class: 'hint small', id: 'new-user-password-hint' }, 'Mindestens 12 Zeichen.')),
    h('div', { class: 'field' }, h('label', { for: 'new-user-role' }, 'Rolle'), role),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button button--primary', id: 'add-user' }, 'Benutzer anlegen')),
  );

  const table = users.length
    ? h(
        'table',
        { class: 'listing users', id: 'users-table' },
        h('caption', null, `${users.length} Benutzer`),
        h('thead', null, h('tr', null, ['Name', 'Rolle', 'Status', 'Fehlversuche', 'Angelegt', 'Rolle ändern', 'Sperre'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, users.map((u) => renderUserRow(u))),
      )
    : h('p', { class: 'empty' }, 'Es gibt noch keine Benutzer.');

  return h(
    'section',
    { class: 'users-view', 'aria-labelledby': 'users-title' },
    h('div', { class: 'view-head' }, h('h1', { id: 'users-title' }, 'Benutzer'), h('button', { type: 'button', class: 'button button--quiet', onclick: () => route() }, 'Aktualisieren')),
    h('h2', { id: 'add-user-title' }, 'Benutzer anlegen'),
    addForm,
    h('h2', { id: 'users-list-title' }, 'Alle Benutzer'),
    table,
  );
}

function renderUserRow(u) {
  const self = u.name === session.user.name;
  const select = h('select', { id: `role-${u.name}`, name: 'role' }, roleOptions(u.role));
  const roleForm = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event) => {
        event.preventDefault();
        if (select.value === u.role) {
          alertError(`${u.name} hat bereits die Rolle ${roleLabel(u.role)}.`);
          select.focus();
          return;
        }
        const ok = await attempt(() => api('POST', `/api/users/${encodeURIComponent(u.name)}/role`, { role: select.value }));
        if (!ok) {
          // Refused: the list shows the role the user still has.
          select.value = u.role;
          select.focus();
          return;
        }
        say(`${u.name} hat jetzt die Rolle ${roleLabel(select.value)}.`);
        if (self) await reloadSession();
        else await reloadUsers(`role-${u.name}`);
      },
    },
    h('label', { for: select.id, class: 'visually-hidden' }, `Neue Rolle für ${u.name}`),
    select,
    h('button', { type: 'submit', class: 'button button--small', id: `role-submit-${u.name}` }, 'Speichern', h('span', { class: 'visually-hidden' }, ` (Rolle von ${u.name})`)),
  );
  const unlock = u.locked
    ? h('button', {
        type: 'button', class: 'button button--small', id: `unlock-${u.name}`,
        onclick: async () => {
          const ok = await attempt(() => api('POST', `/api/users/${encodeURIComponent(u.name)}/unlock`));
          if (!ok) return;
          say(`${u.name} ist entsperrt und kann sich wieder anmelden.`);
          await reloadUsers(`role-${u.name}`);
        },
      }, 'Entsperren', h('span', { class: 'visually-hidden' }, ` (${u.name})`))
    : h('span', { class: 'muted' }, '–');
  return h(
    'tr',
    { dataset: { user: u.name, role: u.role, locked: String(Boolean(u.locked)) } },
    h('th', { scope: 'row' }, u.name, self ? h('span', { class: 'muted small' }, ' (Sie)') : null),
    h('td', { class: 'user-role' }, roleLabel(u.role)),
    h('td', { class: 'user-status' }, u.locked
      ? h('span', { class: 'badge badge--locked' }, u.lockedAt ? `gesperrt seit ${formatDate(u.lockedAt)}` : 'gesperrt')
      : 'aktiv'),
    h('td', { class: 'user-failures' }, String(u.failedSignIns ?? 0)),
    h('td', { class: 'nowrap' }, h('time', { datetime: u.createdAt }, formatDate(u.createdAt))),
    h('td', null, roleForm),
    h('td', null, unlock),
  );
}

// ---------------------------------------------------------------------------------------------
// Start

async function signOut() {
  await attempt(() => api('DELETE', '/api/session'));
  session.user = null;
  session.csrfToken = null;
  currentItem = null;
  renderChrome();
  renderSignIn();
  say('Sie wurden abgemeldet.');
}

async function start() {
  $('#signout').addEventListener('click', signOut);
  // The skip link moves focus to the content without touching the hash (the hash is the route).
  $('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    $('#main').focus();
  });
  window.addEventListener('hashchange', () => {
    clearAlert();
    route();
  });
  try {
    const data = await api('GET', '/api/session');
    session.user = data.user;
    session.csrfToken = data.csrfToken;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) alertError(germanError(err));
  }
  renderChrome();
  await route();
}

start();
