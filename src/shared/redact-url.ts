/** A connection URL safe to show in an error or a log: the password replaced by `***`. */
export function redactUrl(url: string, variable: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return `(${variable} is not a valid URL)`;
  }
}
