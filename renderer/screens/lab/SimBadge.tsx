import './lab.css';

/** The mark every simulated (lab) device carries wherever it is listed. */
export function SimBadge() {
  return (
    <span className="sim-badge" title="A device of the simulated lab on this computer, not real hardware">
      Simulated
    </span>
  );
}
