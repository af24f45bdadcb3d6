/**
 * ENGINE_API_VERSION is the semver version of the provider contract in this package. A plugin
 * declares the range of versions it supports; the engine refuses a plugin whose range does not
 * include this version. 1.1 added the image transfers (pull, push, save, load, export); 1.2 the
 * label role's process kind (`init`, `kvm`) and its optional `fileLabel`; 1.3 the id mappings
 * of a container's root file system.
 */
export const ENGINE_API_VERSION = '1.3.0';
