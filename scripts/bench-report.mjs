// The one way the bench prints its figures: each case's median, and each Skiff case beside
// podman's as a ratio of times.

/**
 * printMedians prints `samples` (case name -> milliseconds) under `title`. `podmanOf` names
 * the podman case a Skiff case compares with (by default the same words after `podman`), and
 * `note` adds a word after a figure, such as the storage driver.
 */
export function printMedians(title, samples, median, options = {}) {
  const { podmanOf = (name) => name.replace(/^skiff /, 'podman '), note = () => '' } = options;
  console.log(`\n${title}`);
  for (const [name, values] of Object.entries(samples)) {
    const ms = median(values);
    const podmanName = name.startsWith('skiff') ? podmanOf(name) : undefined;
    const podman = podmanName !== name ? samples[podmanName] : undefined;
    const ratio = podman ? `  (${(ms / median(podman)).toFixed(2)}x podman's time)` : '';
    console.log(`${name.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms${note(name)}${ratio}`);
  }
}
