/**
 * ENGINE_API_VERSION is the semver version of the provider contract in this package. A plugin
 * declares the range of versions it supports; the engine refuses a plugin whose range does not
 * include this version. 1.1 added the image transfers (pull, push, save, load, export); 1.2 the
 * label role's process kind (`init`, `kvm`) and its optional `fileLabel`.
 */
export const ENGINE_API_VERSION = '1.2.0';
