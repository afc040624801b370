// The machines a simulated device can be: system, board, BIOS releases, processors, memory
// slots and network controllers of a few common vPro models. Names and version schemes follow
// what these vendors put in SMBIOS; the exact strings are plausible, not copied from one unit,
// except the Intel NUC9, whose values are the captured AMT 12 unit's (fixtures, captured/cim).

/** The models a device can be. */
export const PLATFORM_KEYS = [
  'hp-elitedesk-800-g6',
  'dell-optiplex-7090',
  'lenovo-thinkcentre-m920q',
  'intel-nuc9',
  'dell-latitude-5420',
] as const;

export type PlatformKey = (typeof PLATFORM_KEYS)[number];

/** A processor a model ships with (CIM_Processor.Family is the SMBIOS processor family). */
export interface CpuChoice {
  readonly name: string;
  readonly family: number;
  readonly currentMhz: number;
  readonly maxMhz: number;
  readonly stepping: number;
}

/** One model's fixed facts and the choices its units vary in. */
export interface PlatformSpec {
  readonly key: PlatformKey;
  readonly manufacturer: string;
  /** CIM_Chassis.Model: SMBIOS product names; Lenovo puts the machine type-model here. */
  readonly models: readonly string[];
  /** CIM_Chassis.Version (SMBIOS system version). */
  readonly version: string;
  readonly chassisPackageType: number;
  readonly boardManufacturer: string;
  readonly boardModels: readonly string[];
  readonly boardVersion: string;
  readonly biosVendor: string;
  /** BIOS releases, oldest first: [version, release date]. */
  readonly biosReleases: ReadonlyArray<readonly [string, string]>;
  readonly cpus: readonly CpuChoice[];
  /** SMBIOS memory form factor: 9 DIMM, 13 SO-DIMM (the capture's NUC shows 13). */
  readonly memoryFormFactor: 9 | 13;
  /** Bank labels of the memory slots, in slot order. */
  readonly slots: readonly string[];
  /** The speed the board runs DDR4 at (ConfiguredMemoryClockSpeed), MT/s. */
  readonly memoryMts: number;
  /** Serial number pattern: letters are kept, '#' is a digit, '?' an upper-case letter or digit. */
  readonly serialPattern: string;
  readonly boardSerialPattern: string;
  /** First three MAC bytes of the wired controller and of the wireless card (null: none). */
  readonly wiredOui: string;
  readonly wirelessOui: string | null;
  /** A laptop: the wireless link carries the traffic and the wired port is unplugged. */
  readonly laptop: boolean;
}

const cpu = (name: string, family: number, base: number, max: number, stepping: number): CpuChoice => ({
  name,
  family,
  currentMhz: base,
  maxMhz: max,
  stepping,
});

/** The catalogue, by key. */
export const PLATFORMS: Readonly<Record<PlatformKey, PlatformSpec>> = {
  'hp-elitedesk-800-g6': {
    key: 'hp-elitedesk-800-g6',
    manufacturer: 'HP',
    models: ['HP EliteDesk 800 G6 Desktop Mini PC', 'HP EliteDesk 800 G6 Small Form Factor PC'],
    version: '',
    chassisPackageType: 3,
    boardManufacturer: 'HP',
    boardModels: ['8711', '870C'],
    boardVersion: 'KBC Version 15.3A.00',
    biosVendor: 'HP',
    biosReleases: [
      ['S21 Ver. 02.08.01', '2021-11-04'],
      ['S21 Ver. 02.12.00', '2022-12-13'],
      ['S21 Ver. 02.16.00', '2024-02-06'],
    ],
    cpus: [
      cpu('Intel(R) Core(TM) i5-10500T CPU @ 2.30GHz', 205, 2300, 3800, 5),
      cpu('Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz', 198, 2900, 4800, 5),
    ],
    memoryFormFactor: 13,
    slots: ['Bottom-Slot 1(left)', 'Bottom-Slot 2(right)'],
    memoryMts: 2933,
    serialPattern: 'MXL#???###',
    boardSerialPattern: 'PFKLR?????????',
    wiredOui: 'c8-d9-d2',
    wirelessOui: '70-cd-0d',
    laptop: false,
  },
  'dell-optiplex-7090': {
    key: 'dell-optiplex-7090',
    manufacturer: 'Dell Inc.',
    models: ['OptiPlex 7090'],
    version: '',
    chassisPackageType: 7,
    boardManufacturer: 'Dell Inc.',
    boardModels: ['0J37D1', '0G3GM4'],
    boardVersion: 'A00',
    biosVendor: 'Dell Inc.',
    biosReleases: [
      ['1.14.0', '2022-10-11'],
      ['1.21.0', '2023-08-08'],
      ['1.26.0', '2024-07-10'],
    ],
    cpus: [
      cpu('11th Gen Intel(R) Core(TM) i7-11700 @ 2.50GHz', 198, 2500, 4900, 1),
      cpu('11th Gen Intel(R) Core(TM) i5-11500 @ 2.70GHz', 205, 2700, 4600, 1),
    ],
    memoryFormFactor: 9,
    slots: ['DIMM1', 'DIMM2', 'DIMM3', 'DIMM4'],
    memoryMts: 3200,
    serialPattern: '???##?#',
    boardSerialPattern: '/SVCTAG/CNCMK00##?00??/',
    wiredOui: 'a4-bb-6d',
    wirelessOui: null,
    laptop: false,
  },
  'lenovo-thinkcentre-m920q': {
    key: 'lenovo-thinkcentre-m920q',
    manufacturer: 'LENOVO',
    models: ['10RS0014US', '10RR0022GE', '10T7003BMX'],
    version: 'ThinkCentre M920q',
    chassisPackageType: 0,
    boardManufacturer: 'LENOVO',
    boardModels: ['3136'],
    boardVersion: 'SDK0J40697 WIN 3305182805281',
    biosVendor: 'LENOVO',
    biosReleases: [
      ['M1UKT4AA', '2020-11-09'],
      ['M1UKT59A', '2022-09-14'],
      ['M1UKT67A', '2024-03-20'],
    ],
    cpus: [
      cpu('Intel(R) Core(TM) i5-8500T CPU @ 2.10GHz', 205, 2100, 3500, 10),
      cpu('Intel(R) Core(TM) i7-8700T CPU @ 2.40GHz', 198, 2400, 4000, 10),
    ],
    memoryFormFactor: 13,
    slots: ['ChannelA-DIMM0', 'ChannelB-DIMM0'],
    memoryMts: 2666,
    serialPattern: 'MJ0?????',
    boardSerialPattern: 'L1HF##?#???',
    wiredOui: '98-fa-9b',
    wirelessOui: '04-ea-56',
    laptop: false,
  },
  'intel-nuc9': {
    key: 'intel-nuc9',
    manufacturer: 'Intel(R) Client Systems',
    models: ['NUC9V7QNX'],
    version: 'K47174-402',
    chassisPackageType: 0,
    boardManufacturer: 'Intel Corporation',
    boardModels: ['NUC9V7QNB'],
    boardVersion: 'K47180-402',
    biosVendor: 'Intel Corp.',
    biosReleases: [
      ['QNCFLX70.0034.2019.1125.1424', '2019-11-25'],
      ['QNCFLX70.0054.2020.0810.2227', '2020-08-10'],
      ['QNCFLX70.0067.2022.0613.1405', '2022-06-13'],
    ],
    // The captured unit reports 2400 / 8300 MHz and stepping 13.
    cpus: [cpu('Intel(R) Core(TM) i7-9850H CPU @ 2.60GHz', 198, 2400, 8300, 13)],
    memoryFormFactor: 13,
    slots: ['BANK 0', 'BANK 2'],
    memoryMts: 2400,
    serialPattern: 'JRQN####??#?',
    boardSerialPattern: 'KNQN####??#?',
    wiredOui: '00-be-43',
    wirelessOui: '50-e0-85',
    laptop: false,
  },
  'dell-latitude-5420': {
    key: 'dell-latitude-5420',
    manufacturer: 'Dell Inc.',
    models: ['Latitude 5420'],
    version: '',
    chassisPackageType: 10,
    boardManufacturer: 'Dell Inc.',
    boardModels: ['0XVWK5', '07M2PW'],
    boardVersion: 'A00',
    biosVendor: 'Dell Inc.',
    biosReleases: [
      ['1.17.1', '2022-06-14'],
      ['1.27.0', '2023-07-26'],
      ['1.35.0', '2024-06-18'],
    ],
    cpus: [
      cpu('11th Gen Intel(R) Core(TM) i5-1145G7 @ 2.60GHz', 205, 2600, 4400, 1),
      cpu('11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz', 198, 3000, 4800, 1),
    ],
    memoryFormFactor: 13,
    slots: ['DIMM A', 'DIMM B'],
    memoryMts: 3200,
    serialPattern: '???##?#',
    boardSerialPattern: '/SVCTAG/CNWSC00##?00??/',
    wiredOui: 'b0-7b-25',
    wirelessOui: '8c-c6-81',
    laptop: true,
  },
};

/** A module type: JEDEC manufacturer id (as SMBIOS shows it), part number, size and rated speed. */
export interface ModuleType {
  readonly manufacturer: string;
  readonly partNumber: string;
  readonly capacityGiB: 4 | 8 | 16 | 32;
  readonly formFactor: 9 | 13;
  readonly ratedMts: number;
}

const mod = (
  manufacturer: string,
  formFactor: 9 | 13,
  ratedMts: number,
  parts: readonly [string, string, string, string],
): ModuleType[] =>
  ([4, 8, 16, 32] as const).map((capacityGiB, i) => ({
    manufacturer,
    partNumber: parts[i] ?? '',
    capacityGiB,
    formFactor,
    ratedMts,
  }));

/**
 * DDR4 modules by vendor. JEDEC ids: 859B Crucial (the capture's), 80CE Samsung, 80AD SK hynix,
 * 802C Micron. Crucial part numbers end in a space, as in the capture.
 */
export const MODULE_TYPES: readonly ModuleType[] = [
  ...mod('859B', 13, 2400, [
    'CT4G4SFS824A.C8FE ',
    'CT8G4SFS824A.C8FBD1 ',
    'CT16G4SFD824A.M16FE ',
    'CT32G4SFD824A.M16FF ',
  ]),
  ...mod('80CE', 13, 3200, ['M471A5244CB0-CWE', 'M471A1K43DB1-CWE', 'M471A2K43EB1-CWE', 'M471A4G43AB1-CWE']),
  ...mod('80AD', 13, 3200, ['HMA851S6DJR6N-XN', 'HMA81GS6DJR8N-XN', 'HMA82GS6CJR8N-XN', 'HMAA4GS6AJR8N-XN']),
  ...mod('802C', 13, 2666, [
    'MTA4ATF51264HZ-2G6E1',
    'MTA8ATF1G64HZ-2G6E1',
    'MTA16ATF2G64HZ-2G6E1',
    'MTA16ATF4G64HZ-2G6B1',
  ]),
  ...mod('80CE', 9, 3200, ['M378A5244CB0-CWE', 'M378A1K43EB2-CWE', 'M378A2K43EB1-CWE', 'M378A4G43AB2-CWE']),
  ...mod('80AD', 9, 3200, ['HMA851U6DJR6N-XN', 'HMA81GU6DJR8N-XN', 'HMA82GU6DJR8N-XN', 'HMAA4GU6AJR8N-XN']),
  ...mod('802C', 9, 3200, [
    'MTA4ATF51264AZ-3G2J1',
    'MTA8ATF1G64AZ-3G2R1',
    'MTA16ATF2G64AZ-3G2R1',
    'MTA16ATF4G64AZ-3G2B1',
  ]),
];
