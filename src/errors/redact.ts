const secretParam = /pass|secret|token|key/i;

/**
 * Replaces the password of a connection URL so that it can be printed, logged or reported.
 * @example redactUrl('postgres://app:s3cret@db:5432/prod') // 'postgres://app:***@db:5432/prod'
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (secretParam.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

/** Removes every known secret from free text (error messages from drivers sometimes echo the URL). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}

/** Every secret a connection URL carries (its password, and password-like query parameters), for redactText(). */
export function secretsOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    const secrets = [decodeURIComponent(parsed.password)];
    for (const [key, value] of parsed.searchParams) if (secretParam.test(key)) secrets.push(value);
    return secrets.filter((s) => s.length > 0);
  } catch {
    return [];
  }
}
