/** toPodmanJson renders a value as Podman prints inspect output: indented by five spaces. */
export function toPodmanJson(value: unknown): string {
  return `${JSON.stringify(value, null, 5)}\n`;
}
