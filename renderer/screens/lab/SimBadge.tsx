import './lab.css';

/**
 * The mark every simulated (lab) device carries wherever it is listed. `compact` (for narrow
 * table cells) shows "SIM" and still reads "simulated device" to screen readers.
 */
export function SimBadge({ compact = false }: { compact?: boolean }) {
  return (
    <span className="sim-badge" title="A device of the simulated lab on this computer, not real hardware">
      {compact ? (
        <>
          <span aria-hidden="true">SIM</span>
          <span className="visually-hidden">simulated device</span>
        </>
      ) : (
        'Simulated'
      )}
    </span>
  );
}
