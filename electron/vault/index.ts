/** The credential vault and the device inventory services. */
export { KEYCHAIN_SERVICE, KeytarSecretStore, keychainHelp, type SecretStore } from './secret-store';
export { Vault, type NewCredential, type CredentialChanges, type ResolvedCredential } from './vault';
export { DeviceService, type DeviceImportResult } from './device-service';
export { FolderTree } from './folder-tree';
export { credentialUsers } from './credential-users';
