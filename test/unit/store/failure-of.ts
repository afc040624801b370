/** The error a promise rejects with; fails the test if it resolves instead. */
export async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected the operation to fail, but it succeeded');
}
