import { goView, type GoShape } from './go-view.js';
import { printListTemplate } from './list-format.js';

const NO_HEADERS: ReadonlyMap<string, string> = new Map();

/**
 * printInspectTemplate prints inspect output through a Go template `--format`, once per
 * object, as Podman's inspect commands do: the fields are the JSON keys, read as Podman's
 * structs and maps (`shapes`, one per object or one for all). A `table` prefix is dropped,
 * and no header printed, as Podman does for inspect.
 */
export async function printInspectTemplate(
  format: string,
  objects: readonly unknown[],
  shapes: GoShape | readonly GoShape[],
): Promise<void> {
  const shapeOf = (index: number) => (Array.isArray(shapes) ? shapes[index] : shapes) as GoShape;
  const rows = objects.map((object, index) => goView(object, shapeOf(index)));
  await printListTemplate(format, rows, {
    name: 'inspect',
    headers: NO_HEADERS,
    noHeading: true,
    execPrefix: 'inspecting object: printing inspect output: ',
  });
}
