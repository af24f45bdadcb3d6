/**
 * PODMAN_DEFAULT_CAPS are the capabilities Podman 4.3.1 gives a container by default, the input
 * under which the tests compare converted profiles with what Podman wrote into config.json.
 */
export const PODMAN_DEFAULT_CAPS: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_NET_BIND_SERVICE',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];
