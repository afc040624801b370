import type { CredentialRow } from '../../../shared/ipc/vault';
import { ACTIONS_COLUMN, TableHead } from '../../components/TableHead';

interface Props {
  rows: CredentialRow[];
  onRename(row: CredentialRow): void;
  onChangePassword(row: CredentialRow): void;
  onDelete(row: CredentialRow): void;
}

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>;
}

/** The vault's credentials with per-row actions; a vault holds tens, not thousands, so a plain table. */
export function CredentialsTable({ rows, onRename, onChangePassword, onDelete }: Props) {
  if (rows.length === 0) {
    return <p className="muted">The vault is empty. Use “New credential” to add the AMT login of your devices.</p>;
  }
  return (
    <table className="data credentials-table" aria-label="Credentials">
      <TableHead
        columns={[
          'Name',
          'Login name',
          'Description',
          'Created',
          'Updated',
          { label: 'Devices', className: 'count' },
          ACTIONS_COLUMN,
        ]}
      />
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-credential-id={r.id}>
            <th scope="row">{r.name}</th>
            <td>{r.loginName}</td>
            <td>{r.description}</td>
            <td>
              <When iso={r.created} />
            </td>
            <td>
              <When iso={r.updated} />
            </td>
            <td className="count">{r.deviceCount}</td>
            <td>
              <div className="row-actions">
                <button type="button" aria-label={`Rename ${r.name}`} onClick={() => onRename(r)}>
                  Rename
                </button>
                <button type="button" aria-label={`Change password of ${r.name}`} onClick={() => onChangePassword(r)}>
                  Change password
                </button>
                <button type="button" className="danger" aria-label={`Delete ${r.name}`} onClick={() => onDelete(r)}>
                  Delete
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
