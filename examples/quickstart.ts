// Create a table, insert a row, query it, update it, delete it.
// Run: npm run build && node examples/quickstart.ts
import { connect } from "./connect.ts";

const { scope, where, close } = await connect();
console.log(`connected to ${where}`);
try {
  await scope.tables.create({ name: "qs_contacts", description: "quick start" });
  const contacts = scope.rows<{ id: string; full_name: string; city: string }>("qs_contacts");
  const row = await contacts.insert({ id: crypto.randomUUID(), full_name: "Asha Rao", city: "Pune" });
  console.log("inserted", row.row_id, row.row_data);

  const page = await contacts.query({ filter: { city: "Pune" }, sort: { full_name: 1 } });
  console.log("Pune contacts:", page.data.map((r) => r.row_data.full_name));

  const updated = await contacts.update(row.row_id, { ...row.row_data, city: "Mumbai" });
  console.log("updated city:", updated.row_data.city);
  await contacts.delete(row.row_id);
  await scope.tables.delete("qs_contacts");
} finally {
  await close();
}
