export const HELP = `triage — sorts the insurer's inbound mail: who wrote, is it safe, where does the answer go

Usage
  triage [--members FILE.csv] [--format table|jsonl] [--no-store] PATH...
  triage members import FILE.csv     load a member registry for good (replaces the old one)
  triage migrate                     create or update the database tables
  triage --help | --version

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
`;
