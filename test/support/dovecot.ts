// A Dovecot IMAP server of the test's own (Debian's dovecot-imapd): its config, users (passwd-file
// with plain passwords), Maildir mail, sockets and state all in a temp folder, listening on a free
// loopback port, so it never meets a system instance. Used by the mailbox tests and
// `npm run bench -- mailbox`. Plus small IMAP helpers to deliver (APPEND) and inspect mail.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './outages.js';

const DOVECOT = '/usr/sbin/dovecot';

/**
 * Null when dovecot is there (installed from Debian here if missing and we are root), else why not:
 * the mailbox tests then skip with this message.
 */
export function ensureDovecot(): string | null {
  if (existsSync(DOVECOT)) return null;
  if (process.getuid?.() !== 0) return 'dovecot-imapd is not installed and this user cannot install it: run "apt-get install dovecot-imapd" as root';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-qq', 'dovecot-imapd'], { env, encoding: 'utf8' });
  if (!existsSync(DOVECOT)) {
    spawnSync('apt-get', ['update', '-qq'], { env, encoding: 'utf8' });
    r = spawnSync('apt-get', ['install', '-y', '-qq', 'dovecot-imapd'], { env, encoding: 'utf8' });
  }
  if (existsSync(DOVECOT)) return null;
  return `dovecot-imapd could not be installed (apt-get: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').slice(-2).join(' ')})`;
}

export interface DovecotOptions {
  /** Capabilities announced after login instead of Dovecot's own (e.g. without MOVE and IDLE). */
  capabilities?: string;
}

export interface Dovecot {
  host: string;
  port: number;
  /** Adds a user with a plain password; resolves once Dovecot can have read it (it looks at the file once a second). */
  addUser(user: string, password: string): Promise<void>;
  /** Stops the server (SIGTERM): every connection is dropped. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same mail. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
  /** The server's log (for a failing test's message). */
  log(): string;
}

/** Dovecot's post-login capabilities, without MOVE and IDLE: a server that needs COPY + keyword and polling. */
export const CAPABILITIES_WITHOUT_MOVE_AND_IDLE =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY LITERAL+';

export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  const dir = mkdtempSync(path.join(tmpdir(), 'triage-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const root = process.getuid?.() === 0;
  // Dovecot never gives mail access to root: as root the mail belongs to nobody.
  const mailUid = root ? 65534 : process.getuid!();
  const mailGid = root ? 65534 : process.getgid!();
  for (const sub of ['run', 'state', 'mail']) mkdirSync(path.join(dir, sub));
  if (root) chownSync(path.join(dir, 'mail'), mailUid, mailGid);
  const passwd = path.join(dir, 'passwd');
  writeFileSync(passwd, '');
  chmodSync(passwd, 0o644);
  const self = root ? null : userInfo().username;
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `# written by test/support/dovecot.ts
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = triage-${path.basename(dir)}
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${dir}/dovecot.log
mail_location = maildir:${dir}/mail/%u
mail_uid = ${mailUid}
mail_gid = ${mailGid}
first_valid_uid = 1
first_valid_gid = 1
mail_fsync = never
${self ? `default_login_user = ${self}\ndefault_internal_user = ${self}\n` : ''}${options.capabilities ? `imap_capability = ${options.capabilities}\n` : ''}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwd}
}
userdb {
  driver = static
  args = home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
`,
  );

  let child: ChildProcess | null = null;
  const logText = () => {
    try {
      return readFileSync(path.join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    // Its sessions (imap processes) go too, as in a restart of the service: every client is dropped.
    const sessions = descendants(proc.pid!);
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    for (const pid of sessions) signal(pid, 'SIGTERM');
    const late = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(late);
    for (const pid of sessions) signal(pid, 'SIGKILL');
  };
  const start = async () => {
    let out = '';
    const proc = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => void (out += d.toString()));
    child = proc;
    for (let i = 0; i < 200; i++) {
      if (proc.exitCode !== null) throw new Error(`dovecot exited with ${proc.exitCode}: ${out.slice(-1000)} ${logText().slice(-1000)}`);
      if (await greets(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    await stop();
    throw new Error(`dovecot did not greet within 10 s: ${logText().slice(-1000)}`);
  };
  await start();
  return {
    host: '127.0.0.1',
    port,
    async addUser(user, password) {
      // Written aside and renamed: Dovecot never reads a half-written file.
      writeFileSync(`${passwd}.new`, `${readFileSync(passwd, 'utf8')}${user}:{PLAIN}${password}\n`, { mode: 0o644 });
      renameSync(`${passwd}.new`, passwd);
      // Dovecot looks at the file at most once a second: a login in the same second would not find the user yet.
      await new Promise((r) => setTimeout(r, 1100));
    },
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    log: logText,
  };
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** The processes below `pid` (Dovecot's services and its imap sessions), from /proc. */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": the command may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, ppid] of parent) {
      if (ppid === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

/** Whether the server answers with its ready greeting (not only "waiting for authentication"). */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (/ready\./i.test(text)) done(true);
    });
  });
}

/** A logged-in client for delivering and checking mail (no logging, no auto-IDLE). */
export async function imapClient(server: Pick<Dovecot, 'host' | 'port'>, user: string, password: string): Promise<ImapFlow> {
  const client = new ImapFlow({ host: server.host, port: server.port, secure: false, doSTARTTLS: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/**
 * Delivers the messages into the folder by APPEND, as an MTA's delivery agent would, in the form the
 * server hands them out (`asServed`). Resolves to the bytes as delivered.
 */
export async function deliver(client: ImapFlow, folder: string, messages: readonly Buffer[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const m of messages) {
    const bytes = asServed(m);
    const r = await client.append(folder, bytes);
    if (!r) throw new Error('APPEND was refused');
    out.push(bytes);
  }
  return out;
}

/** A message as an IMAP server hands it out: bare LF and CR become CRLF, NUL becomes 0x80 (as Dovecot does). */
export function asServed(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n').replace(/\0/g, '\x80'), 'latin1');
}

/** The messages of a folder (bytes and flags), oldest first; none when the folder does not exist. */
export async function folderContents(client: ImapFlow, folder: string): Promise<{ uid: number; source: Buffer; flags: Set<string> }[]> {
  const listed = await client.list();
  if (!listed.some((f) => f.path === folder)) return [];
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const out: { uid: number; source: Buffer; flags: Set<string> }[] = [];
    if (client.mailbox && client.mailbox.exists > 0) {
      for await (const m of client.fetch('1:*', { uid: true, source: true, flags: true })) out.push({ uid: m.uid, source: m.source ?? Buffer.alloc(0), flags: m.flags ?? new Set() });
    }
    return out.sort((a, b) => a.uid - b.uid);
  } finally {
    lock.release();
  }
}

/** How many messages the folder holds (0 when it does not exist). */
export async function folderCount(client: ImapFlow, folder: string): Promise<number> {
  const listed = await client.list();
  if (!listed.some((f) => f.path === folder)) return 0;
  const status = await client.status(folder, { messages: true });
  return status ? (status.messages ?? 0) : 0;
}
