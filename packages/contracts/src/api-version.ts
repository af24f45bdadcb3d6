/**
 * ENGINE_API_VERSION is the semver version of the provider contract in this package. A plugin
 * declares the range of versions it supports; the engine refuses a plugin whose range does not
 * include this version. 1.1 added the image transfers (pull, push, save, load, export).
 */
export const ENGINE_API_VERSION = '1.1.0';
