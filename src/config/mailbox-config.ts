// The IMAP mailboxes of `triage mailbox`, read by parseConfig from TRIAGE_IMAP_* (one mailbox) or
// from the JSON file in TRIAGE_IMAP_MAILBOXES (several). Passwords are kept in a Secret, which never
// shows its value when printed, logged or serialised; no problem message ever quotes a password.
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import path from 'node:path';

/** `on`: TLS from the first byte (port 993); `starttls`: upgrade on 143, refused without it; `off`: cleartext (loopback only). */
export type ImapTls = 'on' | 'starttls' | 'off';

/** A value that must never be printed: JSON, `util.inspect` and string conversion show `[hidden]`. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The value itself, for the one place that sends it (the IMAP login). */
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[hidden]';
  }
  toString(): string {
    return '[hidden]';
  }
  [inspect.custom](): string {
    return '[hidden]';
  }
}

/** One mailbox (an account's folder) that `triage mailbox` reads. */
export interface MailboxAccount {
  /** Shown in logs and on stderr: `mailbox-1`, or the `name` given in TRIAGE_IMAP_MAILBOXES. */
  name: string;
  host: string;
  port: number;
  tls: ImapTls;
  user: string;
  password: Secret;
  /** The folder read (INBOX by default). */
  folder: string;
  /** Where a message goes once its intake item is stored. */
  doneFolder: string;
  /** Where a message goes that intake refuses or whose structure is broken (its failed item is stored first). */
  failedFolder: string;
}

export interface MailboxConfig {
  /** The mailboxes `triage mailbox` polls; empty when none is configured. */
  accounts: MailboxAccount[];
  /** Longest wait between two looks at a mailbox (with IDLE new mail is seen at once). */
  pollIntervalMs: number;
}

const TLS_VALUES: readonly ImapTls[] = ['on', 'starttls', 'off'];
const ENTRY_KEYS = ['name', 'host', 'port', 'tls', 'user', 'passwordFile', 'folder', 'doneFolder', 'failedFolder'];

interface Draft {
  name?: unknown;
  host?: unknown;
  port?: unknown;
  tls?: unknown;
  user?: unknown;
  passwordFile?: unknown;
  folder?: unknown;
  doneFolder?: unknown;
  failedFolder?: unknown;
}

function readPasswordFile(file: string, cwd: string, where: string, problems: string[]): Secret | null {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    problems.push(`${where}: cannot read the password file ${file} (${(err as { code?: string }).code ?? 'error'}); check the path and that this user may read it`);
    return null;
  }
  // One trailing line break (as `echo` writes it) is not part of the password.
  const password = text.replace(/\r?\n$/, '');
  if (password === '') {
    problems.push(`${where}: the password file ${file} is empty`);
    return null;
  }
  return new Secret(password);
}

/** Folder names as the server sees them; LIST wildcards and control characters are refused. */
function folderProblem(value: string): string | null {
  if (value.trim() === '') return 'must not be empty';
  if (/[\u0000-\u001f\u007f*%]/.test(value)) return 'must not contain control characters, "*" or "%"';
  return null;
}

/**
 * Reads the mailbox settings (see the README's configuration table). Problems are added to
 * `problems` under the variable's name, never with a password in them.
 */
export function parseMailboxConfig(env: Record<string, string | undefined>, cwd: string, problems: string[]): MailboxConfig {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const pollRaw = get('TRIAGE_IMAP_POLL_S');
  let pollIntervalMs = 30_000;
  if (pollRaw !== undefined) {
    const n = Number(pollRaw);
    if (!Number.isInteger(n) || n < 1 || n > 3600) problems.push(`TRIAGE_IMAP_POLL_S=${JSON.stringify(pollRaw)}: must be a whole number from 1 to 3600`);
    else pollIntervalMs = n * 1000;
  }

  // The environment's values: the one mailbox, or the defaults of the entries of TRIAGE_IMAP_MAILBOXES.
  const base: Draft = {
    host: get('TRIAGE_IMAP_HOST'),
    port: get('TRIAGE_IMAP_PORT'),
    tls: get('TRIAGE_IMAP_TLS'),
    user: get('TRIAGE_IMAP_USER'),
    folder: get('TRIAGE_IMAP_FOLDER'),
    doneFolder: get('TRIAGE_IMAP_DONE_FOLDER'),
    failedFolder: get('TRIAGE_IMAP_FAILED_FOLDER'),
  };
  // The password variable is taken as it is (spaces may belong to it); only "unset" and "" are absent.
  const envPassword = env.TRIAGE_IMAP_PASSWORD === undefined || env.TRIAGE_IMAP_PASSWORD === '' ? undefined : env.TRIAGE_IMAP_PASSWORD;
  const envPasswordFile = get('TRIAGE_IMAP_PASSWORD_FILE');
  if (envPassword !== undefined && envPasswordFile !== undefined) {
    problems.push('TRIAGE_IMAP_PASSWORD and TRIAGE_IMAP_PASSWORD_FILE: set only one of them (the file is safer: it stays out of the process environment)');
  }
  let envSecret: Secret | null = null;
  const resolveEnvSecret = (): Secret | null => {
    if (envSecret) return envSecret;
    if (envPassword !== undefined) envSecret = new Secret(envPassword);
    else if (envPasswordFile !== undefined) envSecret = readPasswordFile(envPasswordFile, cwd, 'TRIAGE_IMAP_PASSWORD_FILE', problems);
    return envSecret;
  };

  const listFile = get('TRIAGE_IMAP_MAILBOXES');
  let drafts: { draft: Draft; where: (key: string) => string }[] = [];
  if (listFile !== undefined) {
    let list: unknown = [];
    try {
      list = JSON.parse(readFileSync(path.resolve(cwd, listFile), 'utf8'));
      if (!Array.isArray(list) || list.length === 0 || list.some((e) => typeof e !== 'object' || e === null || Array.isArray(e))) {
        problems.push(`TRIAGE_IMAP_MAILBOXES: ${listFile} must hold a non-empty JSON array of objects, one per mailbox`);
        list = [];
      }
    } catch (err) {
      const why = err instanceof SyntaxError ? 'not valid JSON' : ((err as { code?: string }).code ?? 'unreadable');
      problems.push(`TRIAGE_IMAP_MAILBOXES: cannot read the mailbox list ${listFile} (${why}); it must be a JSON array of {"name", "host", "port", "tls", "user", "passwordFile", "folder", "doneFolder", "failedFolder"}`);
    }
    drafts = (list as Record<string, unknown>[]).map((entry, i) => {
      const where = (key: string) => `TRIAGE_IMAP_MAILBOXES[${i}].${key}`;
      for (const key of Object.keys(entry)) {
        if (key === 'password') problems.push(`${where(key)}: passwords are not kept in the mailbox list; put each in a file of its own and name it as "passwordFile"`);
        else if (!ENTRY_KEYS.includes(key)) problems.push(`${where(key)}: unknown setting; use ${ENTRY_KEYS.join(', ')}`);
      }
      return { draft: { ...base, ...Object.fromEntries(Object.entries(entry).filter(([k, v]) => ENTRY_KEYS.includes(k) && v !== undefined && v !== null)) }, where };
    });
  } else if (base.host !== undefined || base.user !== undefined || envPassword !== undefined || envPasswordFile !== undefined) {
    const names: Record<string, string> = { host: 'TRIAGE_IMAP_HOST', port: 'TRIAGE_IMAP_PORT', tls: 'TRIAGE_IMAP_TLS', user: 'TRIAGE_IMAP_USER', folder: 'TRIAGE_IMAP_FOLDER', doneFolder: 'TRIAGE_IMAP_DONE_FOLDER', failedFolder: 'TRIAGE_IMAP_FAILED_FOLDER', passwordFile: 'TRIAGE_IMAP_PASSWORD_FILE' };
    drafts = [{ draft: base, where: (key) => names[key] ?? key }];
  }

  const accounts: MailboxAccount[] = [];
  for (const [i, { draft, where }] of drafts.entries()) {
    const fromList = listFile !== undefined;
    const text = (key: keyof Draft, fallback?: string): string | undefined => {
      const v = draft[key];
      if (v === undefined) return fallback;
      if (typeof v !== 'string' || v.trim() === '') {
        problems.push(`${where(key)}: must be a non-empty string`);
        return fallback;
      }
      return v.trim();
    };
    const name = text('name', `mailbox-${i + 1}`)!;
    const host = text('host');
    if (host === undefined) problems.push(`${fromList ? where('host') : 'TRIAGE_IMAP_HOST'}: the IMAP server's host name is required`);
    const tlsRaw = text('tls', 'on')!;
    const tls = (TLS_VALUES as readonly string[]).includes(tlsRaw) ? (tlsRaw as ImapTls) : 'on';
    if (tls !== tlsRaw) problems.push(`${where('tls')}=${JSON.stringify(tlsRaw)}: use on (TLS, port 993), starttls (port 143, TLS required) or off (cleartext, for a server on this machine only)`);
    let port = tls === 'on' ? 993 : 143;
    if (draft.port !== undefined) {
      const n = Number(draft.port);
      if ((typeof draft.port !== 'string' && typeof draft.port !== 'number') || !Number.isInteger(n) || n < 1 || n > 65_535) {
        problems.push(`${where('port')}=${JSON.stringify(draft.port)}: must be a whole number from 1 to 65535`);
      } else {
        port = n;
      }
    }
    const user = text('user');
    if (user === undefined) problems.push(`${fromList ? where('user') : 'TRIAGE_IMAP_USER'}: the IMAP user name is required`);
    let password: Secret | null;
    if (fromList && draft.passwordFile !== undefined) {
      const file = text('passwordFile');
      password = file === undefined ? null : readPasswordFile(file, cwd, where('passwordFile'), problems);
    } else {
      password = resolveEnvSecret();
      if (password === null && envPasswordFile === undefined) {
        problems.push(`${fromList ? `${where('passwordFile')} or TRIAGE_IMAP_PASSWORD_FILE` : 'TRIAGE_IMAP_PASSWORD_FILE or TRIAGE_IMAP_PASSWORD'}: the IMAP password is required`);
      }
    }
    const folders = {
      folder: text('folder', 'INBOX')!,
      doneFolder: text('doneFolder', 'Triage-Done')!,
      failedFolder: text('failedFolder', 'Triage-Failed')!,
    };
    for (const key of ['folder', 'doneFolder', 'failedFolder'] as const) {
      const problem = folderProblem(folders[key]);
      if (problem) problems.push(`${where(key)}=${JSON.stringify(folders[key])}: ${problem}`);
    }
    if (new Set([folders.folder, folders.doneFolder, folders.failedFolder].map((f) => f.toUpperCase())).size < 3) {
      problems.push(`${where('doneFolder')} and ${where('failedFolder')}: the folder read, the done folder and the failed folder must be three different folders`);
    }
    if (accounts.some((a) => a.name === name)) problems.push(`${where('name')}=${JSON.stringify(name)}: every mailbox needs a name of its own`);
    if (host !== undefined && user !== undefined && password !== null) accounts.push({ name, host, port, tls, user, password, ...folders });
  }
  return { accounts, pollIntervalMs };
}
