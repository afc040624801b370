import type { z } from 'zod';

/** One request channel of the IPC contract: what the renderer sends and what main answers. */
export interface ChannelSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  args: A;
  result: R;
}

/** Declares a request channel from its argument and result schemas. */
export function channel<A extends z.ZodType, R extends z.ZodType>(args: A, result: R): ChannelSpec<A, R> {
  return { args, result };
}
