export const HELP = `triage — sorts the insurer's inbound mail: who wrote, is it safe, where does the answer go

Usage
  triage [--members FILE.csv] [--format table|jsonl] [--no-store] PATH...
  triage members import FILE.csv     load a member registry for good (replaces the old one)
  triage migrate                     create or update the database tables
  triage users add USERNAME --role caseworker|supervisor|admin
                                     add a user of the review interface; the password
                                     comes from TRIAGE_NEW_USER_PASSWORD or a prompt
                                     (or the first line of stdin), never an argument
  triage users list | unlock USERNAME | password USERNAME
                                     list users, unlock a locked account, set a new
                                     password (ends the user's sessions)
  triage --help | --version

Queue (BullMQ on REDIS_URL, PostgreSQL in DATABASE_URL shared by every process)
  triage worker [--queues read,decide,route] [--concurrency N]
                                     work on the queues until SIGTERM/Ctrl-C (running
                                     jobs get TRIAGE_SHUTDOWN_TIMEOUT_MS to finish);
                                     needs "triage migrate" first, never migrates
  triage enqueue PATH...             store each file and queue it; prints
                                     "intake-id<TAB>path" per file (the path is the
                                     result's source); the same file twice is one item
  triage results [--since ISO] [--format jsonl|table]
                                     the newest result of each item, from the database,
                                     oldest first, in the contract's format
  triage failed [--format table|jsonl]
                                     dead letters: items that failed for good, with code
  triage retry INTAKE-ID | --all     requeue dead letters as a new run; --all also
                                     queues stored items that lost their job
  triage watch DIR [--interval MS]   the mailroom hot folder: hands in each file once it
                                     stops changing (TRIAGE_WATCH_SETTLE_MS), moves it to
                                     DIR/done/ after its item is stored and queued, or to
                                     DIR/failed/ with <name>.error.json when refused; runs
                                     until SIGTERM/Ctrl-C; prints
                                     "intake-id<TAB>done|duplicate|failed<TAB>path"
  triage serve [--port N]            the HTTP intake API (POST /v1/contact-forms,
                                     /v1/emails, /v1/scans; GET /v1/items/ID, /healthz)
                                     on TRIAGE_API_HOST:TRIAGE_API_PORT (127.0.0.1:8080),
                                     keys from TRIAGE_API_KEYS (needed); queue dashboard
                                     at /admin/queues with TRIAGE_ADMIN_KEYS; runs until
                                     SIGTERM/Ctrl-C
  triage mailbox                     email intake from IMAP (TRIAGE_IMAP_*, or several
                                     mailboxes in TRIAGE_IMAP_MAILBOXES): stores each
                                     message, then moves it to the done folder (the
                                     failed folder when broken or too large); IDLE where
                                     offered, reconnects on its own, never deletes; runs
                                     until SIGTERM/Ctrl-C; prints
                                     "intake-id<TAB>done|failed<TAB>imap-url"

What it reads (decided by the file ending)
  .eml                               an email (RFC 5322, MIME)
  .json                              a contact-form submission
  .pdf .png .jpg .jpeg .tif .tiff    a scanned letter from the mailroom
  Folders are walked recursively, files in sorted order. Any other ending
  becomes a failed item with a clear error; nothing is skipped silently.

Options
  --members FILE.csv   use this registry for this run only (columns as in
                       members.csv: insurance_number, first_name, last_name,
                       street, postal_code, city, portal_account)
  --format table       a readable table and a summary (default on a terminal)
  --format jsonl       one triage result per line on stdout, in input order
                       (default when stdout is not a terminal); logs and
                       progress go to stderr
  --no-store           do not write results to the database
  --data-dir DIR       where the embedded database lives (default .triage-data)

Every result is stored (embedded PostgreSQL under .triage-data, or the server
in DATABASE_URL) so case workers can review it. Without --members the stored
registry is used; without any registry the member status is "no-registry".

Exit status
  0  every item was processed
  1  at least one item failed (all others are still reported)
  2  usage or set-up error (bad option, missing path, bad registry file,
     invalid configuration, database unreachable)

Examples
  triage samples/
  triage --members registry.csv --format jsonl inbox/ > results.jsonl
  triage members import registry.csv
  DATABASE_URL=postgres://triage@db/triage triage migrate
  DATABASE_URL=postgres://triage@db/triage triage worker --concurrency 4
  DATABASE_URL=postgres://triage@db/triage triage enqueue inbox/
  DATABASE_URL=postgres://triage@db/triage triage watch /srv/mailroom/scans
  DATABASE_URL=postgres://triage@db/triage TRIAGE_API_KEYS=form-backend:SECRET triage serve
  TRIAGE_IMAP_HOST=imap.kasse.example TRIAGE_IMAP_USER=posteingang TRIAGE_IMAP_PASSWORD_FILE=/run/secrets/imap triage mailbox
`;
