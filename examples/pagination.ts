// Await a list for one page, or iterate it for every row of every page.
// Run: npm run build && node examples/pagination.ts
import { connect } from "./connect.ts";

const { scope, close } = await connect();
try {
  await scope.tables.create({ name: "pg_demo" });
  const rows = scope.rows<{ n: number }>("pg_demo");
  for (let n = 0; n < 25; n++) await rows.insert({ n });

  const first = await rows.list({ limit: 10 });
  console.log(`first page: ${first.data.length} rows, total ${first.total}, has more: ${first.hasMore}`);

  let count = 0;
  for await (const row of rows.query({ filter: { n: { $gte: 5 } }, sort: { n: 1 }, limit: 10 })) {
    count += row.row_data.n >= 5 ? 1 : 0;
  }
  console.log(`iterated ${count} rows with n >= 5 over several pages`);
  await scope.tables.delete("pg_demo");
} finally {
  await close();
}
