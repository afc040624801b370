/**
 * What is wrong with the repeated password, if anything. A mismatch shows once the second entry
 * is as long as the first (so it does not nag while typing) or after a submit attempt.
 */
export function confirmProblem(password: string, confirm: string, tried: boolean): string | null {
  if (!confirm) return tried ? 'Enter the password again.' : null;
  if (confirm !== password && (tried || confirm.length >= password.length)) return 'The passwords do not match.';
  return null;
}
