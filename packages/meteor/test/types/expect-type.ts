/**
 * Type-level assertions for the `*.type-test.ts` files, which the typecheck stage compiles and
 * nothing runs. `expectExact<Exactly<Actual, Expected>>()` compiles only when the two types are
 * identical (not merely assignable either way), so a type that widens to `any` or `unknown`, or
 * collapses to `never`, fails the check.
 */
export type Exactly<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

export function expectExact<Check extends true>(): Check | undefined {
  return undefined;
}
