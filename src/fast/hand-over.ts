/**
 * Thrown in the fast `auth status` (auth-status.ts) where it stops, having printed nothing, for the
 * full CLI to run the command line instead: credentials were found, or a file or setting needs a
 * module its bundle leaves out (scripts/build.js).
 */
export class HandOver extends Error {
  constructor() {
    super('handed over to the full CLI');
  }
}
