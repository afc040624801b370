// `outband sim --lab`: the lab's varied device set, and how to point the app and the CLI at it.
import { isManagedLabProfile, type Lab, type LabDevice } from '../../simulator';
import { formatTable } from '../output';

/** Where the password came from, as readPassword says it. */
export interface PasswordSource {
  readonly password: string;
  /** 'default', or `$VAR`. */
  readonly source: string;
}

const CREDENTIAL = 'sim-lab';
const FOLDER = 'Lab (simulated)';

function endpoint(d: LabDevice): string {
  return `${d.host}:${d.port}`;
}

/** CSV that Devices > Import (and `outband device import`) accepts, one row per lab device. */
export function labImportCsv(lab: Lab): string {
  const rows = lab.devices
    .filter((d) => isManagedLabProfile(d.profile))
    .map((d) =>
      [
        d.profile.key,
        d.host,
        String(d.port),
        d.profile.tls ? 'tls' : 'plain',
        CREDENTIAL,
        d.fingerprint ?? '',
        FOLDER,
        'simulated',
        // Loopback only: plain HTTP is chosen for these devices alone, whatever the zone says.
        d.profile.tls ? '' : 'yes',
      ].join(','),
    );
  return ['name,address,port,tls,credential,fingerprint,folder,tags,plainHttp', ...rows].join('\n');
}

function passwordWords(password: PasswordSource): { text: string; env: string } {
  return password.source === 'default'
    ? { text: `"${password.password}" (the simulator's default)`, env: `'${password.password}'` }
    : { text: `from ${password.source}`, env: `"${password.source}"` };
}

function instructions(lab: Lab, password: PasswordSource): string[] {
  const plain = lab.devices.filter((d) => !d.profile.tls && isManagedLabProfile(d.profile)).map(endpoint);
  const tls = lab.devices.find((d) => d.profile.tls);
  const words = passwordWords(password);
  const lines = [
    '',
    `Simulated devices on loopback only; user ${lab.user}, password ${words.text}.`,
    '',
    'Point the command line at it:',
    `  export OUTBAND_AMT_PASSWORD=${words.env}`,
  ];
  if (plain.length > 0) lines.push(`  outband power status ${plain.join(' ')} --password-env OUTBAND_AMT_PASSWORD`);
  if (tls !== undefined && tls.fingerprint !== null)
    lines.push(`  outband info ${endpoint(tls)} --tls --pin ${tls.fingerprint} --password-env OUTBAND_AMT_PASSWORD`);
  lines.push(
    '',
    'Point the app at it (the app can also run a lab of its own: Settings > Simulated lab):',
    `  1. Credentials > New credential: name "${CREDENTIAL}", user ${lab.user}, the password above`,
    `     (or: outband vault add ${CREDENTIAL} --password-env OUTBAND_AMT_PASSWORD).`,
    '  2. Devices > Import, paste these lines (or save them to a file: outband device import FILE):',
    '',
    ...labImportCsv(lab)
      .split('\n')
      .map((l) => `     ${l}`),
    '',
    'Ctrl-C stops the lab.',
  );
  return lines;
}

/** Prints the running lab: a table and how to use it, or JSON. */
export function printLab(lab: Lab, password: PasswordSource, json: boolean): void {
  if (json) {
    const devices = lab.devices.map((d) => ({
      name: d.profile.key,
      summary: d.profile.summary,
      host: d.host,
      port: d.port,
      tls: d.profile.tls,
      url: `${d.profile.tls ? 'https' : 'http'}://${endpoint(d)}/wsman`,
      uuid: d.uuid,
      amtVersion: d.profile.amtVersion,
      controlMode: d.profile.controlMode === 2 ? 'admin' : 'client',
      fingerprint: d.fingerprint,
    }));
    process.stdout.write(
      `${JSON.stringify({ user: lab.user, passwordSource: password.source, importCsv: labImportCsv(lab), devices }, null, 2)}\n`,
    );
    return;
  }
  const table = formatTable(
    ['NAME', 'ADDRESS', 'TRANSPORT', 'UUID', 'WHAT'],
    lab.devices.map((d) => [d.profile.key, endpoint(d), d.profile.tls ? 'TLS' : 'HTTP', d.uuid, d.profile.summary]),
  );
  const pin = lab.tlsIdentity.fingerprint;
  process.stdout.write(
    `${[table, `TLS devices share one certificate: sha256 ${pin}`, ...instructions(lab, password)].join('\n')}\n`,
  );
}
