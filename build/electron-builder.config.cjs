// electron-builder configuration: Linux (AppImage, deb), Windows (nsis), macOS (dmg), with fuses.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'dev.outband.app',
  productName: 'Outband',
  copyright: 'Copyright © Outband contributors',
  directories: { output: 'release', buildResources: 'build' },
  files: ['dist/**/*', 'package.json', '!**/*.map'],
  asar: true,
  // Native modules must be unpacked to load (keytar, usb, drivelist).
  asarUnpack: ['**/node_modules/keytar/**', '**/node_modules/usb/**', '**/node_modules/drivelist/**'],
  npmRebuild: true,
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Network',
    maintainer: 'Outband contributors',
    synopsis: 'Intel AMT out-of-band management',
  },
  deb: { depends: ['libsecret-1-0', 'libnss3', 'libgtk-3-0'] },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.utilities', hardenedRuntime: true },
  dmg: { sign: false },
};
