// What the error classes look like: a 404, a 422 with field issues, a 409, and a
// client-side ValidationError raised before anything is sent.
// Run: npm run build && node examples/errors.ts
import { ConflictError, NotFoundError, ValidationError, isAPIError } from "zerodb-calltime";
import { connect } from "./connect.ts";

const { scope, close } = await connect();
try {
  await scope.tables.create({ name: "err_demo" });
  try {
    await scope.tables.create({ name: "err_demo" });
  } catch (error) {
    if (error instanceof ConflictError) console.log("409 as expected:", error.message);
    else throw error;
  }
  try {
    await scope.rows("err_demo").get("00000000-0000-0000-0000-000000000000");
  } catch (error) {
    if (error instanceof NotFoundError) console.log(`404: status=${error.status} requestId=${error.requestId}`);
    else throw error;
  }
  try {
    await scope.rows("err_demo").query({ filter: { amount: { $between: [1, 2] } } });
  } catch (error) {
    if (error instanceof ValidationError) console.log("caught before sending:", error.issues);
    else throw error;
  }
  try {
    await scope.vectors.upsert({ vector_embedding: [0.1, 0.2, 0.3] });
  } catch (error) {
    console.log("client-side dimension check:", isAPIError(error) ? "server said no" : (error as Error).message);
  }
  await scope.tables.delete("err_demo");
} finally {
  await close();
}
