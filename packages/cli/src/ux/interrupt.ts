/**
 * abortOnInterrupt runs a transfer that SIGINT and SIGTERM abort: the engine then removes what
 * the transfer stored so far and the error travels up as usual, instead of Node exiting
 * mid-write.
 */
export async function abortOnInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}
