import { openRuntime, type Runtime } from '../runtime.js';
import { configOrExit } from './context.js';

/** Opens the runtime for one command (config from the environment, database prepared) and closes it afterwards. */
export async function withRuntime<T>(work: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(configOrExit());
  try {
    return await work(rt);
  } finally {
    await rt.close();
  }
}
