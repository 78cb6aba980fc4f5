export const HELP = `triage — sorts the insurer's inbound mail: who wrote, is it safe, where does the answer go

Usage
  triage [--members FILE.csv] [--format table|jsonl] [--no-store] PATH...
  triage members import FILE.csv     load a member registry for good (replaces the old one)
  triage migrate                     create or update the database tables
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
`;
