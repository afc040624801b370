import {
  contract,
  type ChannelParsedArgs,
  type ChannelName,
  type ChannelResult,
  type Envelope,
} from '../../shared/ipc/contract';
import { OutbandError, toErrorValue } from '../../shared/errors';

/** What a handler gets besides its arguments. */
export interface HandlerContext {
  /** Aborted when the window that asked goes away. */
  signal?: AbortSignal;
}

/** One function per contract channel; the type makes a missing handler a compile error. */
export type Handlers = {
  [C in ChannelName]: (args: ChannelParsedArgs<C>, ctx: HandlerContext) => Promise<ChannelResult<C>>;
};

/** The handlers of a subset of channels, for one domain's file. */
export type HandlersFor<K extends ChannelName> = Pick<Handlers, K>;

/** Answers one request: validates arguments, runs the handler, validates the result, wraps errors. */
export type Dispatcher = (channel: string, rawArgs: unknown, ctx?: HandlerContext) => Promise<Envelope<unknown>>;

/** Builds the transport-independent request handler that Electron's ipcMain and the e2e bridge share. */
export function createDispatcher(handlers: Handlers, log: (line: string) => void = () => undefined): Dispatcher {
  return async (channel, rawArgs, ctx = {}) => {
    if (!Object.hasOwn(contract, channel)) {
      return { ok: false, error: { code: 'ipc.unknown-channel', message: `There is no channel named ${channel}.` } };
    }
    const name = channel as ChannelName;
    const spec = contract[name];
    const parsedArgs = spec.args.safeParse(rawArgs);
    if (!parsedArgs.success) {
      const first = parsedArgs.error.issues[0];
      const where = first?.path.length ? ` (${first.path.join('.')})` : '';
      return {
        ok: false,
        error: { code: 'ipc.invalid-arguments', message: `Invalid request${where}: ${first?.message ?? 'bad input'}` },
      };
    }
    try {
      const handler = handlers[name] as (a: unknown, c: HandlerContext) => Promise<unknown>;
      const data = await handler(parsedArgs.data, ctx);
      const parsedResult = spec.result.safeParse(data);
      if (!parsedResult.success) {
        // A result that breaks the contract is our bug; never send the unchecked value across.
        log(`ipc: ${channel} produced a result outside the contract: ${parsedResult.error.message}`);
        throw new OutbandError('ipc.invalid-result', `Outband produced an unexpected answer for ${channel}.`);
      }
      return { ok: true, data: parsedResult.data };
    } catch (err) {
      const error = toErrorValue(err);
      if (error.code === 'internal') log(`ipc: ${channel} failed: ${error.message}`);
      return { ok: false, error };
    }
  };
}
