import { useMemo } from 'react';
import { decodeSetupBin, describeEntries, encodeSetupBin, type SetupBinIssue } from '../../../shared/setupbin';
import { IssueList } from './fields';
import { formToConfig, formToOptions, type WizardForm } from './wizard-model';

interface ReviewProps {
  form: WizardForm;
  issues: readonly SetupBinIssue[];
}

/** What the file will contain, entry by entry, decoded from the very bytes the settings encode to. */
export function ReviewPage({ form, issues }: ReviewProps) {
  const preview = useMemo(() => {
    if (issues.some((i) => i.severity === 'error')) return null;
    try {
      const options = formToOptions(form);
      const file = decodeSetupBin(encodeSetupBin(formToConfig(form), options));
      return { file, options, rows: describeEntries(file.records[0]?.entries ?? []) };
    } catch {
      return null;
    }
  }, [form, issues]);

  if (!preview) {
    return (
      <div>
        <p className="bad">The settings have errors; go back to the page named in each message and fix it.</p>
        <IssueList issues={issues} />
      </div>
    );
  }
  const { file, options, rows } = preview;
  return (
    <div>
      <dl className="facts" data-testid="review-facts">
        <dt>File version</dt>
        <dd>{options.version}</dd>
        <dt>Records</dt>
        <dd>
          {options.records} (
          {options.reusable ? 'reusable: each configures any number of machines' : 'consumable: one machine each'})
          {options.scramble ? ', scrambled' : ''}
        </dd>
        <dt>Size</dt>
        <dd>{file.size} bytes</dd>
      </dl>
      <IssueList issues={issues} />
      <table className="data" aria-label="File contents">
        <thead>
          <tr>
            <th>Entry</th>
            <th>Setting</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.id}-${i}`}>
              <td className="usb-mono">{r.id}</td>
              <td>{r.name}</td>
              <td className="usb-value">{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {options.records > 1 ? (
        <p className="muted">Every one of the {options.records} records holds these same entries.</p>
      ) : null}
    </div>
  );
}
