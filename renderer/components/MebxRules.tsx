import { checkMebxPassword } from '../../shared/mebx-password';

/** The MEBx password rules, each ticked off once `password` meets it (the ✓/✗ marks are CSS; the words are read). */
export function MebxRules({ password, id }: { password: string; id?: string }) {
  return (
    <ul className="rules" id={id} aria-label="MEBx password rules">
      {checkMebxPassword(password).rules.map((r) => (
        <li key={r.id} className={r.met ? 'met' : undefined}>
          {r.text}
          <span className="visually-hidden">{r.met ? ' (met)' : ' (not met)'}</span>
        </li>
      ))}
    </ul>
  );
}
